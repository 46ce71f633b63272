"""Facts read from a module's source text without parsing or running it (pure)."""

from __future__ import annotations

import re

_RELATIVE_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.+)", re.MULTILINE)
# A newline, then optional indentation, then something that is neither space nor "#".
# Anchoring on a literal newline (not "^") lets the regex engine skip ahead quickly.
_CODE_LINE = re.compile(rb"\n[ \t\f]*[^\s#]")
_CLIMB_HINT = re.compile(rb"from[ \t]+\.\.")


def decode(data: bytes) -> str | None:
    """The text of a source file, or None when it is not valid UTF-8 (what grimp reads)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def count_loc(data: bytes) -> int:
    """Lines of code: lines that are neither blank nor only a comment."""
    return len(_CODE_LINE.findall(b"\n" + data))


def climbing_import_lines(data: bytes, module: str, is_package: bool) -> list[int]:
    """Lines whose relative import climbs above the top-level package.

    `from ..x import y` in module `a.b` resolves against `a.b`'s parent's parent, which does
    not exist: Python refuses it, and some grimp versions crash on it.
    """
    if _CLIMB_HINT.search(data) is None:  # climbing needs "from ..": most files have none
        return []
    depth = module.count(".") + (1 if is_package else 0)
    lines = []
    for match in _RELATIVE_FROM.finditer(data):
        if len(match.group(1)) > depth:
            lines.append(data.count(b"\n", 0, match.start()) + 1)
    return lines
