"""`faultline baseline` and `faultline check` on the shop sample: a ratchet on crossing imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_repos
from analyzer.cli import pr as pr_cli
from analyzer.cli.main import cli
from tests.conftest import git


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The shop sample, its baseline, and the analysis the baseline was taken from."""
    base = tmp_path_factory.mktemp("check")
    repo = base / "shop"
    sample_repos.build("shop", repo, seed=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAULTLINE_CACHE_DIR", str(base / "cache"))
        made = CliRunner().invoke(cli, ["-q", "baseline", str(repo), "-o",
                                        str(base / "baseline.json")])
        analysed = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(base / "out")])
    assert made.exit_code == 0, made.output
    assert analysed.exit_code == 0, analysed.output
    assert not (repo / "faultline-baseline.json").exists()
    return {"repo": repo, "baseline": base / "baseline.json",
            "document": json.loads((base / "out" / "analysis.json").read_text())}


@pytest.fixture
def work(recorded, tmp_path: Path) -> Path:
    """A fresh copy of the sample to edit."""
    copy = tmp_path / "shop"
    shutil.copytree(recorded["repo"], copy, symlinks=True)
    return copy


def _check(repo: Path, baseline: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "check", str(repo), "--baseline", str(baseline),
                                      *extra])
    return result.exit_code, result.stdout, result.stderr


def _modules(document: dict) -> tuple[dict, dict]:
    by_name = {m["name"]: m for m in document["modules"]}
    services = sorted((b for b in document["boundaries"] if b["kind"] == "service"),
                      key=lambda b: b["id"])
    return by_name, {"first": services[0], "second": services[1]}


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    text = (text if text.endswith("\n") else text + "\n") + line + "\n"
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


def test_the_baseline_records_assignment_and_crossing_imports(recorded) -> None:
    saved = json.loads(recorded["baseline"].read_text())
    document = recorded["document"]

    assert saved["format"] == "faultline-baseline"
    assert saved["assignment"] == {m["name"]: m["boundary"] for m in document["modules"]}
    kernel = {b["id"] for b in document["boundaries"] if b["kind"] == "kernel"}
    expected = sorted((i["importer"], i["imported"]) for c in document["cross_boundary"]
                      if c["target"] not in kernel for i in c["import_list"])
    assert [(c["importer"], c["imported"]) for c in saved["crossing"]] == expected
    assert expected  # the sample has crossing imports to record


def test_baseline_then_check_passes(recorded, work) -> None:
    code, out, err = _check(work, recorded["baseline"])

    assert code == 0, err
    assert "check passed" in out


def test_a_new_crossing_import_fails_the_check_and_is_named(recorded, work) -> None:
    by_name, chosen = _modules(recorded["document"])
    importer = next(m for m in chosen["first"]["modules"] if not by_name[m]["is_package"])
    target = next(m for m in chosen["second"]["modules"] if not by_name[m]["is_package"])
    path = by_name[importer]["path"]
    line = _append(work / path, f"import {target}")

    code, out, _ = _check(work, recorded["baseline"])

    assert code == 1
    assert f"NEW  {path}:{line}: {importer} ({chosen['first']['name']}) imports {target} " \
           f"({chosen['second']['name']})" in out
    assert "check FAILED: 1 new crossing imports" in out
    # how to accept a deliberate import: the baseline, re-taken or with the entry added
    assert "run `faultline baseline` again and commit baseline.json" in out
    assert json.dumps({"importer": importer, "imported": target}) in out
    assert "::error" not in out  # annotations only for GitHub (below)


def test_on_github_a_new_crossing_import_is_an_error_annotation_on_its_line(
        recorded, work, monkeypatch) -> None:
    by_name, chosen = _modules(recorded["document"])
    importer = next(m for m in chosen["first"]["modules"] if not by_name[m]["is_package"])
    target = next(m for m in chosen["second"]["modules"] if not by_name[m]["is_package"])
    path = by_name[importer]["path"]
    line = _append(work / path, f"import {target}")
    monkeypatch.chdir(work.parent)  # annotations name files relative to the workspace

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = _check(Path(work.name), recorded["baseline"])
    explicit = _check(Path(work.name), recorded["baseline"], "--format", "github")[1]
    monkeypatch.delenv("GITHUB_ACTIONS")
    text = _check(Path(work.name), recorded["baseline"])[1]

    assert code == 1
    [annotation] = [a for a in out.splitlines() if a.startswith("::")]
    assert annotation.startswith(f"::error file={work.name}/{path},line={line},"
                                 "title=New import across a boundary::")
    assert f"{importer} ({chosen['first']['name']}) imports {target}" in annotation
    assert "faultline baseline" in annotation
    assert "check FAILED: 1 new crossing imports" in out  # the text report follows
    assert explicit == out and "::error" not in text
    assert _check(Path(work.name), recorded["baseline"], "--json", "--format", "github")[0] == 2


def test_workflow_command_values_are_escaped() -> None:
    assert pr_cli._gh_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert pr_cli._gh_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_removing_a_crossing_import_passes_and_suggests_tightening(recorded, work) -> None:
    saved = json.loads(recorded["baseline"].read_text())
    gone = saved["crossing"][0]
    edge = next(e for e in recorded["document"]["imports"]
                if (e["importer"], e["imported"]) == (gone["importer"], gone["imported"]))
    path = work / next(m["path"] for m in recorded["document"]["modules"]
                       if m["name"] == gone["importer"])
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in edge["lines"]:
        lines[number - 1] = "# import removed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    code, out, _ = _check(work, recorded["baseline"], "--json")

    assert code == 0
    result = json.loads(out)
    assert result["passed"] is True
    assert result["removed"] == [{"importer": gone["importer"], "imported": gone["imported"]}]
    text = _check(work, recorded["baseline"])[1]
    assert "you can tighten the baseline" in text
    assert f"{gone['importer']} -> {gone['imported']}" in text


def test_check_uses_the_recorded_assignment_not_a_fresh_cut(recorded, work, tmp_path) -> None:
    _, chosen = _modules(recorded["document"])
    internal = {(e["importer"], e["imported"]) for e in recorded["document"]["imports"]}
    members = set(chosen["first"]["modules"])
    mover = next(a for a, b in sorted(internal) if a in members and b in members)
    saved = json.loads(recorded["baseline"].read_text())
    saved["assignment"][mover] = chosen["second"]["id"]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(saved))

    code, out, _ = _check(work, edited, "--json")

    assert code == 1
    new = json.loads(out)["new"]
    assert new and all(mover in (i["importer"], i["imported"]) for i in new)


def test_new_modules_take_a_boundary_from_their_imports_or_are_unassigned(recorded,
                                                                          work) -> None:
    by_name, chosen = _modules(recorded["document"])
    first = [m for m in chosen["first"]["modules"] if not by_name[m]["is_package"]]
    second = next(m for m in chosen["second"]["modules"] if not by_name[m]["is_package"])
    package = first[0].split(".")[0]
    (work / package / "brand_new.py").write_text(
        f"import {first[0]}\nimport {first[1]}\nimport {second}\n", encoding="utf-8")
    (work / package / "lonely_new.py").write_text("X = 1\n", encoding="utf-8")

    code, out, _ = _check(work, recorded["baseline"], "--json")
    result = json.loads(out)

    assert code == 1  # brand_new joins the first boundary, so its import of the second crosses
    assert [(i["importer"], i["imported"], i["source"]) for i in result["new"]] == [
        (f"{package}.brand_new", second, chosen["first"]["id"])]
    assert f"{package}.lonely_new" in result["unassigned"]


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist; write one with `faultline baseline`"),
    ("{not json", "cannot be read as JSON"),
    ('{"format": "something-else"}', "is not a Faultline baseline"),
    ('{"format": "faultline-baseline", "version": 99}', "baseline version 99"),
    ('{"format": "faultline-baseline", "version": 1, "assignment": []}', "is damaged"),
])
def test_a_bad_baseline_is_an_input_error(recorded, tmp_path, content, message) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content)

    code, _, err = _check(recorded["repo"], baseline)

    assert code == 2
    assert err.startswith("Error: ") and message in err


# -- the pre-commit hook ----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _hook_repository(tmp_path: Path) -> Path:
    """A git repository holding this work tree as committed, as a hook user's `repo:` is."""
    copy = tmp_path / "faultline-hooks"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".ruff_cache",
        ".import_linter_cache", ".venv", "faultline-out", "out", "screenshots"))
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "hooks")
    return copy


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed")
def test_the_pre_commit_hook_runs_with_pre_commits_defaults(recorded, work,
                                                            tmp_path: Path) -> None:
    """pre-commit installs the hook from the repository (a minute the first time) and runs
    it on every file: with pass_filenames false, check gets no file names."""
    hooks = _hook_repository(tmp_path)
    shutil.copy(recorded["baseline"], work / "faultline-baseline.json")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "baseline")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "FAULTLINE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GITHUB_ACTIONS", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(PRE_COMMIT), "try-repo", str(hooks), "faultline-check",
                               "--all-files"], cwd=work, env=env, capture_output=True,
                              text=True, timeout=900, check=False)

    passed = run()
    by_name, chosen = _modules(recorded["document"])
    importer = next(m for m in chosen["first"]["modules"] if not by_name[m]["is_package"])
    target = next(m for m in chosen["second"]["modules"] if not by_name[m]["is_package"])
    _append(work / by_name[importer]["path"], f"import {target}")
    git(work, "add", "-A")
    failed = run()

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout and "unexpected extra argument" not in passed.stdout
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "check FAILED: 1 new crossing imports" in failed.stdout
    assert "faultline baseline" in failed.stdout
