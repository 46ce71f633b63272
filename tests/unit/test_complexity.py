"""Indentation complexity: tabs and spaces, blank lines, text that is not Python."""

from __future__ import annotations

import ast

import pytest

from analyzer.code.complexity import indentation_complexity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0.0),
        ("x = 1\n", 0.0),
        ("def f():\n    return 1\n", 1.0),  # 4 spaces = 1 level
        ("if x:\n\tif y:\n\t\tz()\n", 3.0),  # a tab = 1 level: 0 + 1 + 2
        ("if x:\n      y()\n", 1.5),  # 6 spaces = 1.5 levels
        ("\t  x\n", 1.5),  # mixed: 1 tab + 2 spaces
        ("    # a comment-only line counts\n", 1.0),
        ("x\r\n    y\r\n", 1.0),  # CRLF line endings
    ],
)
def test_indentation_levels(text: str, expected: float) -> None:
    assert indentation_complexity(text) == expected


def test_blank_and_whitespace_only_lines_count_nothing() -> None:
    text = "def f():\n\n        \n\t\n   \r\n    return 1\n\n"

    assert indentation_complexity(text) == 1.0


def test_text_that_is_not_valid_python_still_gets_a_number() -> None:
    garbage = "def (:\n      ]]] ???\n\t\x00 <% end %>\n"
    with pytest.raises(SyntaxError):
        ast.parse(garbage)

    # 6 spaces = 1.5, one tab = 1.
    assert indentation_complexity(garbage) == 2.5


def test_python_2_and_newer_syntax_are_just_text() -> None:
    text = 'print "hi"\nmatch x:\n    case [a, *_]:\n        pass\ntype X[T] = list[T]\n'

    assert indentation_complexity(text) == 3.0  # 0 + 0 + 1 + 2 + 0
