"""Issue 14, item 10: a relative import above the top-level package.

It must drop only that import (the documented `import-above-top` warning), not the module with
its other imports, and grimp's Rust panic text must never reach stderr, -q or not. Real git
repositories, the real command line; stderr captured at file descriptor 2, where Rust writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from analyzer.code import reading
from analyzer.pipeline import analyze
from tests.conftest import MakeRepo

CLIMBING = {
    "pkg/__init__.py": "",
    "pkg/b.py": "X = 1\n",
    # Lines 2 and 4 climb above `pkg` (three dots from pkg.a); grimp's Rust core panics on
    # the first form and reads a wrong module for others. Lines 1, 3 and 5 are fine.
    "pkg/a.py": "from pkg import b\nfrom ... import nothing\nimport json\n"
                "if True: from ...x import y\nfrom . import b as again\n",
}


def test_an_import_above_the_top_package_drops_only_that_import(
        make_repo: MakeRepo, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(CLIMBING, commit=True)
    out = tmp_path / "out"

    result = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out), "--no-cache"])
    printed = capfd.readouterr()

    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert "pkg.a" in [m["name"] for m in document["modules"]]
    edges = {(e["importer"], e["imported"]): e["lines"] for e in document["imports"]}
    assert edges[("pkg.a", "pkg.b")] == [1, 5]
    used = {p["package"] for p in document["external"] if "pkg.a" in p["modules"]}
    assert used == {"json"}  # nothing for the climbing lines
    warnings = [w for w in document["warnings"] if w["path"] == "pkg/a.py"]
    assert [w["code"] for w in warnings] == ["import-above-top"]
    assert "line 2, 4 " in warnings[0]["message"]
    for text in (printed.err, printed.out, result.output):
        assert "panicked" not in text and "backtrace" not in text


def test_a_crash_left_in_grimp_skips_the_module_and_prints_nothing(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    # Without the rewrite of climbing imports grimp's Rust core really panics: the fallback.
    monkeypatch.setattr(reading, "without_climbing_imports", lambda data, *_: data)
    repo = make_repo(CLIMBING, commit=True)

    graph = analyze(repo, cache=False).graph
    printed = capfd.readouterr()

    assert "pkg.a" not in [m.name for m in graph.modules]
    assert "pkg.b" in [m.name for m in graph.modules]
    assert [(w.code, w.path) for w in graph.warnings] == [("import-crash", "pkg/a.py")]
    assert "panicked" not in printed.err and "backtrace" not in printed.err
