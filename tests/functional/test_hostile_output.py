"""Issue 14, items 3 to 5: what Faultline writes from hostile repository text.

CSV cells that a spreadsheet would run as formulas, control characters printed to the
terminal, and ADR folders and titles that lead out of the repository or into HTML. Real git
repositories, real files, the real command line.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from rich.console import Console

from analyzer.cli import app as cli_app
from analyzer.cli.main import cli
from analyzer.output.document import to_csv_files
from analyzer.output.summary import print_summary
from tests.conftest import MakeRepo, commit, git

ESC_NAME = "pkg/\x1b]0;pwned\x07\x1b[2J\x9bx.py"  # sets the title, clears the screen
FORMULA_NAME = "=HYPERLINK(\"evil.example\",\"x\").txt"
FORMULA_AUTHOR = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def hostile_repo(make_repo: MakeRepo) -> Path:
    """Files named with a formula and with ESC sequences, changed together with real modules;
    an author named like a formula."""
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                      "pkg/b.py": "X = 1\n", "-neg.txt": "", FORMULA_NAME: "", ESC_NAME: ""},
                     commit=True)
    for day in range(2, 9):
        commit(repo, {"pkg/a.py": f"from pkg import b\n# {day}\n", "pkg/b.py": f"X = {day}\n",
                      FORMULA_NAME: f"{day}\n", ESC_NAME: f"{day}\n", "-neg.txt": f"{day}\n"},
               f"change {day}", day=day, author=f"{FORMULA_AUTHOR} <m@example.com>")
    return repo


def _analyze(repo: Path, out: Path, *args: str) -> tuple[object, dict]:
    result = CliRunner().invoke(cli, ["analyze", str(repo), "-o", str(out), "--no-cache", *args],
                                color=True)  # as on a terminal: click strips nothing
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "analysis.json").read_text(encoding="utf-8"))


# -- item 3: CSV formula injection ------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_cells_that_would_run_as_formulas_are_neutralised(hostile_repo, tmp_path):
    out = tmp_path / "out"
    _result, document = _analyze(hostile_repo, out)

    coupling = _rows(out / "coupling.csv")
    ownership = _rows(out / "ownership.csv")
    cells = [v for row in coupling + ownership + _rows(out / "hotspots.csv")
             for v in row.values()]
    assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
    names = {row["a"] for row in coupling} | {row["b"] for row in coupling}
    assert "'" + FORMULA_NAME in names and "'-neg.txt" in names
    assert "'" + FORMULA_AUTHOR in {row["main_author"] for row in ownership}
    assert any(row["authors"].startswith("'" + FORMULA_AUTHOR + "=") for row in ownership)
    # Numbers stay numbers; analysis.json keeps the names as they are.
    assert all(float(row["degree"]) > 0 and int(row["shared"]) > 0 for row in coupling)
    assert FORMULA_NAME in {c["a"] for c in document["coupling"]} | \
        {c["b"] for c in document["coupling"]}


def test_negative_numbers_in_csv_stay_numbers():
    files = to_csv_files({"coupling": [{"a": "-x", "b": "+y", "shared": -1, "revisions_a": 2,
                                        "revisions_b": 3, "degree": -0.5, "hidden": False}]})
    [row] = _rows_of(files["coupling.csv"])
    assert row == {"a": "'-x", "b": "'+y", "shared": "-1", "revisions_a": "2",
                   "revisions_b": "3", "degree": "-0.5", "hidden": "False"}


def _rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- item 4: terminal escape injection --------------------------------------------------------


def test_printable_shows_control_characters_as_escapes():
    from analyzer.output.terminal import printable

    assert printable("a\x1b[31mb\x07\x7f\x9b\ttab\nline") == \
        "a\\x1b[31mb\\x07\\x7f\\x9b\\x09tab\\x0aline"
    assert printable("caf\udce9 ok é") == "caf\\udce9 ok é"


def test_the_summary_prints_no_control_characters(hostile_repo, tmp_path):
    result, document = _analyze(hostile_repo, tmp_path / "out")

    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\x9b" not in result.output
    assert "pkg/\\x1b]0;pwned\\x07\\x1b[2J\\x9bx.py" in result.output  # coupling table
    assert "\\x1b]0;pwned" in result.stdout.split("warning(s)")[1]  # the warnings
    # Hotspots (modules) cannot carry control characters from a real repository; a document
    # can.
    document["hotspots"][0]["path"] = "pkg/\x1b[2Ja.py"
    document["modules"][0]["name"] = "pkg\x1b[8m"
    document["warnings"].append({"code": "x\x1b[1m", "path": "p\x1b[1m", "message": "m\x07"})
    printed = io.StringIO()
    print_summary(document, tmp_path / "out\x1b[1m" / "analysis.json",
                  Console(file=printed, force_terminal=True, highlight=False, soft_wrap=True,
                          color_system=None))
    text = printed.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "pkg/\\x1b[2Ja.py" in text and "p\\x1b[1m: m\\x07" in text


def test_errors_and_progress_print_no_control_characters(tmp_path, monkeypatch):
    missing = tmp_path / "no\x1b[2Jsuch"
    result = CliRunner().invoke(cli, ["analyze", str(missing)], color=True)
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "no\\x1b[2Jsuch" in result.output

    folder = tmp_path / "out\x1b]0;x\x07"
    folder.mkdir()
    (folder / "analysis.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cli_app.subprocess, "call", lambda command, env: 0)
    result = CliRunner().invoke(cli, ["app", str(folder)], color=True)
    assert result.exit_code == 0, result.output
    assert "starting the app on" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "out\\x1b]0;x\\x07" in result.stderr


# -- item 5: ADR folder through a symbolic link, titles in the index --------------------------


@pytest.fixture
def analysed(hostile_repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    _analyze(hostile_repo, tmp_path / "out", "--cochange-weight", "0")
    return hostile_repo, tmp_path / "out" / "analysis.json"


def test_adr_refuses_a_committed_adr_folder_that_links_out_of_the_repository(
        analysed, tmp_path):
    repo, analysis = analysed
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "docs").mkdir()
    (repo / "docs" / "adr").symlink_to(outside, target_is_directory=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "docs/adr")

    result = CliRunner().invoke(cli, ["-q", "adr", str(repo), "--from", str(analysis)])

    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and "outside the repository" in result.output
    assert "--adr-dir" in result.output
    assert list(outside.iterdir()) == []


def test_adr_refuses_a_default_folder_under_a_link_out_of_the_repository(analysed, tmp_path):
    repo, analysis = analysed
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "docs").symlink_to(outside, target_is_directory=True)  # docs/adr does not exist

    result = CliRunner().invoke(cli, ["-q", "adr", str(repo), "--from", str(analysis)])

    assert result.exit_code == 2, result.output
    assert list(outside.iterdir()) == []


def test_adr_follows_a_link_that_stays_in_the_repository(analysed):
    repo, analysis = analysed
    (repo / "architecture").mkdir()
    (repo / "docs").mkdir()
    (repo / "docs" / "adr").symlink_to(repo / "architecture", target_is_directory=True)

    result = CliRunner().invoke(cli, ["-q", "adr", str(repo), "--from", str(analysis)])

    assert result.exit_code == 0, result.output
    assert list((repo / "architecture").glob("0001-*.md"))


def test_the_index_escapes_hand_written_titles(analysed, tmp_path):
    repo, analysis = analysed
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-x.md").write_text("# <img src=x onerror=alert(1)> [a](javascript:b)\n")

    result = CliRunner().invoke(cli, ["-q", "adr", str(repo), "--from", str(analysis),
                                      "--adr-dir", str(folder)])

    assert result.exit_code == 0, result.output
    index = (folder / "README.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").render(index)
    assert "<img" not in rendered and 'href="javascript' not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt; [a](javascript:b)" in rendered
    # Faultline's own titles (escaped in the record) read in the index as in the record.
    record = next(folder.glob("0002-*.md")).read_text(encoding="utf-8")
    heading = next(line for line in record.splitlines() if line.startswith("# "))
    assert f") {heading[2:]}\n" in index


def test_copying_a_repo_keeps_the_refusal(analysed, tmp_path):
    """The refusal is about where the link points, not how the repository was made."""
    repo, analysis = analysed
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "adr").symlink_to(outside, target_is_directory=True)
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, symlinks=True)

    result = CliRunner().invoke(cli, ["-q", "adr", str(copy), "--from", str(analysis)])

    assert result.exit_code == 2, result.output
    assert list(outside.iterdir()) == []
