"""The command line: one module per command group, with their shared error handling.

The top layer beside ui: may import everything below; nothing imports it."""
