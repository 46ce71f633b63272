"""What the code says: discovery of the packages, the import graph (grimp), source text,
complexity and cycles, and the repository's own configuration.

May import the core values (model, settings, errors, files) and grimp; never GitPython or
history (only `ignored` asks the git command which files the repository ignores)."""
