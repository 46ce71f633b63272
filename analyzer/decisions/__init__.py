"""Architecture decision records from the evidence: MADR rendering and import-linter
contracts (pure), and the writer that never overwrites a file.

May import output (Markdown escaping) and the core values; never review."""
