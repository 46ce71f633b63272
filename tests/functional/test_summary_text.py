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
