"""What users rely on: no code of the analysed repo runs, the checkout is what is analysed,
and the repository is left exactly as it was."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from analyzer import analyze
from tests.conftest import MakeRepo, git

TRAP = """\
import pathlib
pathlib.Path({marker!r}).write_text("this code ran")
"""


def test_no_code_of_the_repo_runs(make_repo: MakeRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    repo = make_repo({
        "setup.py": TRAP.format(marker=str(marker)),
        "trap/__init__.py": TRAP.format(marker=str(marker)),
        "trap/sub/__init__.py": TRAP.format(marker=str(marker)),
        "trap/sub/leaf.py": "from trap import sub\n",
        "trap/other.py": "import trap.sub.leaf\n",
    })

    analysis = analyze(repo)

    assert not marker.exists()
    assert {m.name for m in analysis.graph.modules} == {
        "trap", "trap.sub", "trap.sub.leaf", "trap.other"}
    assert not list(repo.rglob("__pycache__"))


@pytest.mark.parametrize("namesake", ["click", "networkx"])
def test_the_checkout_is_analysed_not_an_installed_namesake(
    make_repo: MakeRepo, namesake: str
) -> None:
    assert importlib.util.find_spec(namesake) is not None, "the namesake must be installed"
    repo = make_repo({
        f"{namesake}/__init__.py": "",
        f"{namesake}/alpha.py": f"from {namesake} import beta\n",
        f"{namesake}/beta.py": "VALUE = 1\n",
    })

    graph = analyze(repo).graph

    assert [m.name for m in graph.modules] == [
        namesake, f"{namesake}.alpha", f"{namesake}.beta"]
    assert [(e.importer, e.imported, e.lines) for e in graph.imports] == [
        (f"{namesake}.alpha", f"{namesake}.beta", (1,))]
    assert all(m.path.startswith(f"{namesake}/") for m in graph.modules)


def test_analysis_leaves_the_repository_and_the_working_folder_untouched(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo({
        "app/__init__.py": "",
        "app/models.py": "import app.util\n",
        "app/util.py": "import os\n",
        "notes.txt": "uncommitted change below\n",
    }, commit=True)
    (repo / "notes.txt").write_text("changed but not committed\n")
    (repo / "untracked.py").write_text("x = 1\n")
    before = git(repo, "status", "--porcelain", "--untracked-files=all")
    files_before = sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    analyze(repo)

    assert git(repo, "status", "--porcelain", "--untracked-files=all") == before
    files_after = sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts)
    assert files_after == files_before
    assert not (repo / ".grimp_cache").exists()
    assert list(cwd.iterdir()) == []
