"""The command line: clear one-line errors with exit status 2, output files, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from tests.conftest import MakeRepo

SMALL = {
    "shop/__init__.py": "",
    "shop/orders.py": "from shop import payments\nimport requests\n",
    "shop/payments.py": "import json\nfrom shop.orders import Order\n",
    "shop/catalog.py": "from . import orders\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("make_path", "expected"),
    [
        (lambda tmp: tmp / "missing", "does not exist"),
        (lambda tmp: (tmp / "file.py").write_text("x = 1\n") and tmp / "file.py", "is a file"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "No Python package found"),
    ],
    ids=["missing-path", "file-not-folder", "no-package"],
)
def test_bad_paths_give_one_clear_line_and_exit_2(tmp_path: Path, make_path, expected) -> None:
    path = make_path(tmp_path)

    code, out, err = run("-q", "analyze", str(path), "-o", str(tmp_path / "out"))

    assert code == 2
    assert err.startswith("Error: ") and expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    code, _, err = run("--debug", "analyze", str(tmp_path / "missing"))

    assert code == 2
    assert "Traceback" in err and "does not exist" in err


def test_invalid_configuration_is_a_clear_error(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({**SMALL, "pyproject.toml": "[tool.faultline]\nexlcude = ['x']\n"})

    code, _, err = run("analyze", str(repo), "-o", str(tmp_path / "out"))

    assert code == 2
    assert "Unknown setting 'exlcude' in [tool.faultline]" in err


def test_analyze_writes_analysis_json(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(SMALL, commit=True)
    out = tmp_path / "out"

    code, stdout, _ = run("analyze", str(repo), "-o", str(out))

    assert code == 0
    document = json.loads((out / "analysis.json").read_text())
    assert document["schema_version"] == "1.4"
    assert document["tool"]["name"] == "faultline"
    assert len(document["repo"]["head"]) == 40
    assert [m["name"] for m in document["modules"]] == [
        "shop", "shop.catalog", "shop.orders", "shop.payments"]
    assert document["modules"][2] == {
        "name": "shop.orders", "path": "shop/orders.py", "package": "shop", "loc": 2,
        "is_package": False, "imports_out": 1, "imports_in": 2, "complexity": 0.0,
        "revisions": 1, "authors": 1, "main_author": "Ada Example", "main_author_share": 1.0,
        "boundary": "b01", "confidence": 1.0,
        "reasons": [{"kinds": ["import"], "module": "shop.catalog", "weight": 1.0},
                    {"kinds": ["import"], "module": "shop.payments", "weight": 1.0},
                    {"kinds": ["dependency"], "module": "shop", "weight": 0.5}]}
    assert document["imports"] == [
        {"importer": "shop.catalog", "imported": "shop.orders", "lines": [1]},
        {"importer": "shop.orders", "imported": "shop.payments", "lines": [1]},
        {"importer": "shop.payments", "imported": "shop.orders", "lines": [2]},
    ]
    assert document["cycles"] == [["shop.orders", "shop.payments"]]
    assert document["external"] == [
        {"package": "json", "stdlib": True, "modules": ["shop.payments"]},
        {"package": "requests", "stdlib": False, "modules": ["shop.orders"]},
    ]
    assert "4 modules" in stdout and "analysis.json" in stdout


def test_two_runs_give_the_same_document_apart_from_the_timestamp(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo(SMALL, commit=True)
    texts = []
    for name in ("a", "b"):
        assert run("analyze", str(repo), "-o", str(tmp_path / name))[0] == 0
        document = json.loads((tmp_path / name / "analysis.json").read_text())
        document.pop("generated_at")
        texts.append(json.dumps(document, sort_keys=False))

    assert texts[0] == texts[1]


def test_default_output_never_lands_inside_the_analysed_repo(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(SMALL)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    code, _, _ = run("analyze")

    assert code == 0
    assert not (repo / "faultline-out").exists()
    assert (tmp_path / "cache" / "faultline" / "out" / repo.name / "analysis.json").is_file()


def test_json_summary_is_machine_readable(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(SMALL)

    code, stdout, _ = run("--quiet", "analyze", str(repo), "-o", str(tmp_path / "o"), "--json")

    assert code == 0
    assert json.loads(stdout)["summary"]["modules"] == 4


@pytest.mark.parametrize("history", [True, False], ids=["git", "outside-git"])
def test_json_prints_the_whole_analysis_as_written(make_repo: MakeRepo, tmp_path: Path,
                                                   history: bool) -> None:
    """`--json`: stdout is the document written to analysis.json, byte for byte, on a fresh
    run and on one answered from the result cache; the files are written as without it."""
    repo = make_repo(SMALL, commit=history)
    then = time.time_ns() - 3600 * 10**9  # no file changed a moment ago: the result is kept
    for path in repo.rglob("*"):
        os.utime(path, ns=(then, then), follow_symlinks=False)
    out = tmp_path / "o"

    printed = []
    for number in range(2):
        code, stdout, stderr = run("analyze", str(repo), "-o", str(out), "--json")
        assert code == 0
        assert ("result cache" in stderr) == (number == 1)
        printed.append(stdout)
        written = (out / "analysis.json").read_text(encoding="utf-8")
        assert stdout == written
        document = json.loads(stdout)
        assert document == json.loads(written)
        assert {"schema_version", "summary", "modules", "imports", "warnings"} <= set(document)
        assert document["summary"]["modules"] == 4
        assert {p.name for p in out.iterdir()} >= {"analysis.json", "coupling.csv",
                                                   "hotspots.csv", "ownership.csv"}
    assert printed[0] == printed[1]
    # An analysis.json that differs in its time only is kept as it is: what is printed too.
    written = (out / "analysis.json").read_text(encoding="utf-8")
    older = re.sub(r'"generated_at": "[^"]*"', '"generated_at": "2000-01-02T03:04:05+00:00"',
                   written, count=1)
    assert older != written
    (out / "analysis.json").write_text(older, encoding="utf-8")
    for flags in (["--no-cache"], []):
        code, stdout, _ = run("--quiet", "analyze", str(repo), "-o", str(out), "--json", *flags)
        assert code == 0
        assert stdout == older == (out / "analysis.json").read_text(encoding="utf-8")


def test_python_dash_m_analyzer_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "analyzer", "--help"],
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0
    assert "faultline analyze" in result.stdout


def test_help_gives_examples() -> None:
    code, stdout, _ = run("analyze", "--help")

    assert code == 0
    assert "Examples:" in stdout and "faultline analyze ~/src/shop -o out" in stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_debug_work_before_and_after_the_command(make_repo: MakeRepo, tmp_path: Path,
                                                            where: str) -> None:
    repo = make_repo(SMALL, commit=True)

    def spelled(flag: str, *args: str) -> list[str]:
        return [flag, *args] if where == "before" else [*args, flag]

    loud = run("analyze", str(repo), "-o", str(tmp_path / "loud"), "--no-cache")
    quiet = [run(*spelled(flag, "analyze", str(repo), "-o", str(tmp_path / flag), "--no-cache"))
             for flag in ("-q", "--quiet")]
    failed = run(*spelled("--debug", "analyze", str(tmp_path / "missing")))
    plain = run("analyze", str(tmp_path / "missing"))
    helped = run("analyze", "--help")

    assert loud[0] == 0 and "discovering packages" in loud[2]
    for code, stdout, stderr in quiet:
        assert code == 0, stderr
        assert stderr == "" and "Wrote" in stdout
    assert failed[0] == plain[0] == 2
    assert "Traceback" in failed[2] and "Traceback" not in plain[2]
    # the command's own help lists them, after its own options
    assert "-q, --quiet" in helped[1] and "--debug" in helped[1]
    assert helped[1].index("--no-cache") < helped[1].index("-q, --quiet")
