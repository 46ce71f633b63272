"""Complexity of a file's current text: Tornhill's indentation complexity (pure).

    complexity = sum over non-blank lines of (leading tabs + leading spaces / 4)

A tab is one logical level and four spaces are one (so 6 spaces count 1.5); the leading
whitespace is the line's run of spaces and tabs, mixed in any order. Blank lines (empty or only
whitespace) count nothing. Comment-only lines and the lines of strings and docstrings count
like any other line: the measure reads text, not Python, as Tornhill's does, and an indented
comment sits in nested code just as an indented statement does.

Why this measure: it is cheap (one pass over the text), language-agnostic, tracks cyclomatic
complexity closely (Hindle, Godfrey and Holt, "Reading beside the lines", 2008), and never
fails where `ast` would (syntax newer than the running interpreter, Python 2 files, templates,
garbage). Cyclomatic complexity (radon) is the usual second opinion; this is the one Faultline
reports.
"""

from __future__ import annotations

import re

SPACES_PER_LEVEL = 4


# A line start, its run of spaces and tabs, then a character that is not whitespace: the
# indentation of one non-blank line. Anchored on a literal newline so the scan is quick.
_INDENT = re.compile(r"\n([ \t]*)(?=[^\s])")


def indentation_complexity(text: str) -> float:
    """Sum of the logical indentation of the non-blank lines of `text` (see the module doc)."""
    indent = "".join(_INDENT.findall("\n" + text))
    tabs = indent.count("\t")
    return tabs + (len(indent) - tabs) / SPACES_PER_LEVEL
