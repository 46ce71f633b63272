"""Where the code could split: the cut, the shared kernel, stability, evidence, partition
metrics, the decomposition, what-if re-scoring and evaluation against a truth (pure).

May import the core values and the value types of history; no I/O, no git, grimp or click."""
