"""What the code says: discovery of the packages, the import graph (grimp), source text,
complexity and cycles, and the repository's own configuration.

May import the core values (model, settings, errors, files) and grimp; never git or history."""
