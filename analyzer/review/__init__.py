"""Pull requests and CI: the diff of two analyses, the comment, crossing imports and the
ratchet that fails only when they grow.

May import boundaries, code (cycles), output and the core values; never decisions."""
