"""What git says: one streamed `git log`, its cache, repository facts, commit trees, and
the pure measures on top (change coupling, ownership, hotspots, evolution).

May import the core values and git; never the import graph code, boundaries or front ends."""
