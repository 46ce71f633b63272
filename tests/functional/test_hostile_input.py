"""Issue 14, items 8, 11, 13 and 15: a comment that says what its figure is, file names that are
not UTF-8, symlink loops, and input no check foresaw. Real git repositories, the real command
line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import evaluate as evaluate_command
from analyzer.cli.main import cli
from tests.conftest import MakeRepo, commit, git

#: Two groups of modules that import within themselves.
TWO_GROUPS = {
    "shop/__init__.py": "",
    **{f"shop/orders{i}.py": f"from shop import orders{(i + 1) % 4}\n" for i in range(4)},
    **{f"shop/stock{i}.py": f"from shop import stock{(i + 1) % 4}\n" for i in range(4)},
}


def _invoke(*args: str):
    return CliRunner().invoke(cli, ["-q", *args])


def _one_error_line(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


def test_the_pr_comment_calls_icp_the_share_that_crosses(make_repo: MakeRepo) -> None:
    repo = make_repo(TWO_GROUPS, commit=True)
    git(repo, "checkout", "-q", "-b", "cross")
    commit(repo, {"shop/orders0.py": "from shop import orders1\nfrom shop import stock0\n"},
           "orders needs stock", day=2)

    result = _invoke("pr", str(repo), "--base", "main", "--head", "cross")

    assert result.exit_code == 0, result.output
    metrics = [line for line in result.stdout.splitlines() if "(ICP" in line]
    assert len(metrics) == 2, result.stdout
    assert all("crossing boundaries" in line for line in metrics)
    assert "inside boundaries" not in result.stdout
    share = next(line for line in metrics if "imports" in line)
    base, head = (float(v) for v in share.split(": ")[1].split(" (")[0].split(" -> "))
    assert head > base  # a new crossing import: the share that crosses grew


def test_a_file_name_that_is_not_utf8_is_written_and_shown_escaped(
        make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "X = 1\n"}, commit=True)
    odd = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name: a surrogate escape in Python
    for day in range(2, 8):
        commit(repo, {"pkg/a.py": f"X = {day}\n", odd: f"{day}\n"}, f"change {day}", day=day)
    out = tmp_path / "out"

    result = _invoke("analyze", str(repo), "-o", str(out))

    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0, result.output
    coupling = (out / "coupling.csv").read_text(encoding="utf-8")  # strict UTF-8
    assert "caf\\xe9.txt,pkg/a.py," in coupling
    assert "caf\\udce9.txt" in result.stdout  # the summary's coupling table, as `printable`
    for name in ("hotspots.csv", "ownership.csv"):
        (out / name).read_text(encoding="utf-8")
    text = (out / "analysis.json").read_text(encoding="ascii")
    document = json.loads(text)
    assert {pair["a"] for pair in document["coupling"]} == {odd}  # the path as git has it


def test_a_symlink_loop_is_a_warning(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                      "pkg/b.py": "X = 1\n"}, commit=True)
    os.symlink("self.py", repo / "pkg" / "self.py")
    os.symlink("ring2.py", repo / "pkg" / "ring1.py")
    os.symlink("ring1.py", repo / "pkg" / "ring2.py")
    commit(repo, {"pkg/b.py": "X = 2\n"}, "links", day=2)
    out = tmp_path / "out"

    result = _invoke("analyze", str(repo), "-o", str(out))

    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    loops = sorted(w["path"] for w in document["warnings"] if w["code"] == "symlink-loop")
    assert loops == ["pkg/ring1.py", "pkg/ring2.py", "pkg/self.py"]
    assert {m["name"] for m in document["modules"]} == {"pkg", "pkg.a", "pkg.b"}
    review = _invoke("pr", str(repo), "--base", "HEAD~1", "--head", "HEAD")
    assert review.exception is None, repr(review.exception)
    assert review.exit_code == 0, review.output


@pytest.mark.parametrize("case", ["no-modules", "modules-not-a-list", "unexpected"])
def test_evaluate_on_a_broken_analysis_and_any_unexpected_error_are_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    analysis = tmp_path / "analysis.json"
    document: dict = {"schema_version": "1.2"}
    if case == "modules-not-a-list":
        document.update(modules="oops")
    elif case == "unexpected":  # a fault that no check of Faultline's names
        document.update(modules=[{"name": "shop.a", "boundary": "b01"}])

        def broken(*_args: object) -> dict:
            raise KeyError("boundary")

        monkeypatch.setattr(evaluate_command, "evaluate_document", broken)
    analysis.write_text(json.dumps(document), encoding="utf-8")

    line = _one_error_line(_invoke("evaluate", str(analysis), "--truth-depth", "1"))

    if case == "unexpected":
        assert line == ("Error: unexpected error: KeyError: 'boundary'; run with --debug for "
                        "the traceback.")
        debug = CliRunner().invoke(cli, ["--debug", "evaluate", str(analysis),
                                         "--truth-depth", "1"])
        assert debug.exit_code == 2 and "Traceback" in debug.stderr
    else:
        assert "has no list of modules" in line and str(analysis) in line
