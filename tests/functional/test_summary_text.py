"""The printed summary: what it shows of a long list, and how it says what it leaves out."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from analyzer import analyze
from analyzer.output.document import to_document
from analyzer.output.summary import SHOWN_BOUNDARIES, print_summary
from tests.conftest import MakeRepo


def test_a_long_list_of_boundaries_says_how_many_more_there_are(make_repo: MakeRepo,
                                                                   tmp_path: Path) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n", "pkg/b.py": ""})
    document = to_document(analyze(repo))
    template = document["boundaries"][0]
    document["boundaries"] = [
        {**template, "id": f"b{n:02d}", "name": f"part{n}", "size": n, "extraction_order": n}
        for n in range(1, SHOWN_BOUNDARIES + 6)]
    printed = io.StringIO()
    print_summary(document, tmp_path / "analysis.json",
                  Console(file=printed, width=200, color_system=None))
    text = printed.getvalue()
    assert f"part{SHOWN_BOUNDARIES}" in text and f"part{SHOWN_BOUNDARIES + 1} " not in text
    hidden = range(SHOWN_BOUNDARIES + 1, SHOWN_BOUNDARIES + 6)
    assert f"... and 5 more boundaries ({sum(hidden)} modules)" in text


def test_long_paths_in_a_narrow_terminal_keep_the_end_that_tells_them_apart(
        make_repo: MakeRepo, tmp_path: Path) -> None:
    deep = "src/project/api/views/"
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "", "pkg/b.py": ""})
    document = to_document(analyze(repo))
    document["coupling"] = [{"a": f"{deep * 3}orders_main.py", "b": f"{deep * 3}payments.py",
                             "shared": 9, "degree": 0.9, "hidden": True}]
    document["hotspots"] = [{"rank": 1, "path": f"{deep * 4}checkout_flow.py",
                             "revisions": 40, "complexity": 812.75, "score": 0.5}]
    printed = io.StringIO()
    print_summary(document, tmp_path / "analysis.json",
                  Console(file=printed, width=80, color_system=None))
    lines = printed.getvalue().splitlines()
    row = next(line for line in lines if "orders_main.py" in line)
    assert "…" in row and "payments.py" in row and len(row) <= 80
    hot = next(line for line in lines if "checkout_flow.py" in line)
    assert hot.lstrip().startswith("1  …") and " 813 " in hot  # whole complexity


def test_a_folder_without_history_says_so_instead_of_zero_figures(
        make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n", "pkg/b.py": ""})
    document = to_document(analyze(repo))
    printed = io.StringIO()
    print_summary(document, tmp_path / "analysis.json",
                  Console(file=printed, width=200, color_system=None))
    text = printed.getvalue()
    assert "history: no commits to count" in text and "0 of 0 commits" not in text
    assert "crossing co-change n/a (no history)" in text
