"""Pure helpers: source-text facts, cycles, path patterns, settings validation."""

from __future__ import annotations

import pytest

from analyzer.code.cycles import find_cycles
from analyzer.code.source import climbing_import_lines, count_loc, decode
from analyzer.errors import ConfigError
from analyzer.patterns import matches
from analyzer.settings import Settings, settings_from_table


def test_loc_counts_lines_that_are_neither_blank_nor_comments() -> None:
    assert count_loc(b"# header\n\nimport os\n   # note\nx = 1  # trailing\n\n") == 2


def test_decode_refuses_what_is_not_utf8() -> None:
    assert decode("café".encode()) == "café"
    assert decode(b"caf\xe9") is None


@pytest.mark.parametrize(
    ("text", "module", "is_package", "lines"),
    [
        (b"from . import x\n", "pkg.mod", False, []),
        (b"from .. import x\n", "pkg.mod", False, [1]),
        (b"from .. import x\n", "pkg.sub", True, []),
        (b"import os\n  from ...a import b\n", "pkg.sub.mod", False, [2]),
        (b"from . import x\n", "pkg", True, []),
        (b"from .. import x\n", "pkg", True, [1]),
        (b"import os; from .. import x\n", "pkg.mod", False, [1]),  # after ";"
        (b"if x: from .. import y\n", "pkg.mod", False, [1]),  # after ":"
        (b"\t\f from \\\n.. import y\n", "pkg.mod", False, [1]),  # blanks, a continuation
        (b"xfrom .. import y\nfrom.. import z\n", "pkg.mod", False, [2]),  # part of a name
        (b"s = 'from .. import y'\n", "pkg.mod", False, []),  # inside a string
        (b"a = 1\r\nfrom .. import y\n", "pkg.mod", False, [2]),  # Windows line ends
    ],
)
def test_relative_imports_that_climb_above_the_top_package(
    text: bytes, module: str, is_package: bool, lines: list[int]
) -> None:
    assert climbing_import_lines(text, module, is_package) == lines


def test_cycles_are_sorted_groups_largest_first() -> None:
    edges = [("b", "a"), ("a", "b"), ("x", "y"), ("y", "z"), ("z", "x"), ("a", "x"), ("q", "q")]

    assert find_cycles(edges) == (("x", "y", "z"), ("a", "b"))


@pytest.mark.parametrize(
    ("path", "patterns", "expected"),
    [
        ("shop/tests/test_a.py", ("tests",), True),
        ("shop/contests/a.py", ("tests",), False),
        ("shop/legacy/old.py", ("shop/legacy",), True),
        ("shop/legacy/old.py", ("shop/legacy/**",), True),
        ("shop/legacyx/old.py", ("shop/legacy",), False),
        ("api/v1_pb2.py", ("*_pb2.py",), True),
        ("shop/orders.py", ("shop/*.py",), True),
        ("shop/orders/models.py", ("shop/*.py",), False),  # gitignore: "*" stays in a folder
        ("shop/legacy/old.py", ("shop/legacy/",), True),
        ("src/shop/legacy/old.py", ("shop/legacy",), False),  # anchored at the root
    ],
)
def test_patterns(path: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert matches(path, patterns) is expected


def test_settings_from_table_accepts_dashes_and_single_strings() -> None:
    settings = settings_from_table({"source-roots": "src", "default-excludes": False})

    assert settings == Settings(source_roots=("src",), default_excludes=False)
    assert "tests" not in settings.excludes


def test_settings_reject_unknown_keys_and_wrong_types() -> None:
    with pytest.raises(ConfigError, match="Unknown setting 'exclud'"):
        settings_from_table({"exclud": ["x"]})
    with pytest.raises(ConfigError, match="must be true or false"):
        settings_from_table({"default-excludes": "no"})
    with pytest.raises(ConfigError, match="must be a list of strings"):
        settings_from_table({"include": [1, 2]})


def test_algorithm_setting_takes_leiden_or_louvain_only() -> None:
    assert settings_from_table({"algorithm": "louvain"}).algorithm == "louvain"
    assert Settings().algorithm == "leiden"
    with pytest.raises(ConfigError, match=r"'algorithm' .* \"leiden\" or \"louvain\""):
        settings_from_table({"algorithm": "kmeans"})
