"""Text from an analysed repository, made safe to print on a terminal.

File names, author names and commit messages can hold control characters: an ESC sequence in
a file name would recolour the terminal, move the cursor, set the window title or hide the
rest of a line. `printable` shows them as escapes instead (`\\x1b`), like `repr` does.
"""

from __future__ import annotations

import re

from rich.markup import escape as escape_markup

# C0 controls, DEL, C1 controls, and lone surrogates (undecodable bytes in a file name),
# which a UTF-8 terminal cannot encode.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every control character (C0, DEL, C1) and lone surrogate as a visible
    escape: "a\\x1b[31mb" -> "a\\\\x1b[31mb"."""
    return _UNPRINTABLE.sub(_visible, str(text))


def escape(text: object) -> str:
    """`printable(text)`, escaped for rich markup too: repo text for `Console.print`."""
    return escape_markup(printable(text))
