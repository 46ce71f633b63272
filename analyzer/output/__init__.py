"""What Faultline writes: analysis.json (and loading it back), CSV tables, the terminal
summary and Markdown escaping.

May import boundaries, history and the core values; nothing above."""
