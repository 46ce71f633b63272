"""Facts read from a module's source text without parsing or running it (pure)."""

from __future__ import annotations

import re

# Blanks inside a statement: spaces, tabs, form feeds and backslash-newline continuations.
_BLANK = rb"(?:[ \t\f]|\\\r?\n)*"
# `from` + the dots of a relative import. Python allows blanks between the dots and none after
# `from`. Where the statement starts is checked apart (`_starts_statement`): a pattern that
# begins with a literal lets the regex engine skip ahead (12x faster than one anchored on "^").
_RELATIVE_FROM = re.compile(rb"from(" + _BLANK + rb"(?:\." + _BLANK + rb")+)")
# A newline, then optional indentation, then something that is neither space nor "#".
# Anchoring on a literal newline (not "^") lets the regex engine skip ahead quickly.
_CODE_LINE = re.compile(rb"\n[ \t\f]*[^\s#]")
_CLIMB_HINT = re.compile(rb"from" + _BLANK + rb"\.")
_NAME_FOLLOWS = re.compile(rb"(?!import(?![\w\x80-\xff]))[A-Za-z_\x80-\xff]")
ABOVE_TOP = "__faultline_above_top__"
"""The absolute name `without_climbing_imports` puts where a climbing import's dots were."""


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
    not exist: Python refuses it, and grimp crashes on it or reads a wrong module.
    """
    return [data.count(b"\n", 0, start) + 1 for start, _end in _climbing(data, module, is_package)]


def without_climbing_imports(data: bytes, module: str, is_package: bool) -> bytes:
    """`data` with the dots of each climbing relative import replaced by `ABOVE_TOP`.

    `from ...x import y` becomes `from __faultline_above_top__.x import y`: an absolute import
    of a package that does not exist, on the same line, so a scanner reads the module's other
    imports as they are and the climbing ones as that one name, to be dropped.
    """
    parts, done = [], 0
    for start, end in _climbing(data, module, is_package):
        name = b" " + ABOVE_TOP.encode()
        if _NAME_FOLLOWS.match(data, end):
            name += b"."  # `from ...x`: the rest of the dotted name follows
        # Keep the line breaks (backslash continuations) the dots spanned: lines stay lines.
        parts += [data[done:start], name, b"\\\n" * data.count(b"\n", start, end), b" "]
        done = end
    return b"".join([*parts, data[done:]]) if parts else data


def _climbing(data: bytes, module: str, is_package: bool) -> list[tuple[int, int]]:
    """(start, end) of the dots (with the blanks around them) of each climbing import."""
    if _CLIMB_HINT.search(data) is None:  # most files have no relative import at all
        return []
    depth = module.count(".") + (1 if is_package else 0)
    found = []
    for match in _RELATIVE_FROM.finditer(data):
        if _starts_statement(data, match.start()) and match.group(1).count(b".") > depth:
            found.append(match.span(1))
    return found


def _starts_statement(data: bytes, at: int) -> bool:
    """Whether only blanks stand between `at` and the start of a line, a ";" or a ":"
    (`if x: from .. import y`)."""
    while at > 0 and data[at - 1] in b" \t\f":
        at -= 1
    return at == 0 or data[at - 1] in b"\n;:"
