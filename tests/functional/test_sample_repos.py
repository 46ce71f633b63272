"""sample_repos builds real git repositories whose history matches the planted truth."""

from __future__ import annotations

import ast
import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

import sample_repos
from sample_repos import SampleError
from tests.conftest import git

Truth = dict[str, object]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    dest = tmp_path_factory.mktemp("shop") / "repo"
    return dest, sample_repos.build("shop", dest, seed=0)


def python_files(root: Path, package: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / package).rglob("*.py"))


def dotted(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def imported_modules(root: Path, path: str, known: set[str]) -> set[str]:
    """Modules of ``known`` that the file at ``path`` imports, relative imports resolved."""
    tree = ast.parse((root / path).read_text(encoding="utf-8"))
    package = dotted(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    return found & known


def import_edges(root: Path, package: str) -> set[tuple[str, str]]:
    files = python_files(root, package)
    known = {dotted(path) for path in files}
    return {
        (dotted(path), target)
        for path in files
        for target in imported_modules(root, path, known)
        if target != dotted(path)
    }


def commits_with_files(root: Path) -> dict[str, list[str]]:
    """sha -> files changed, for every non-merge commit."""
    out = git(root, "log", "--no-merges", "--no-renames", "--format=@@%H", "--name-only")
    commits: dict[str, list[str]] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("@@"):
            current = line[2:]
            commits[current] = []
        elif line:
            commits[current].append(line)
    return commits


def service_of(truth: Truth) -> dict[str, str]:
    boundaries = truth["boundaries"]
    assert isinstance(boundaries, dict)
    return {module: service for service, modules in boundaries.items() for module in modules}


def test_shop_has_the_promised_size_and_a_clean_work_tree(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    files = python_files(root, "shop")

    assert 60 <= truth["modules"] == len(files) <= 120
    assert 400 <= truth["commits"] <= 800
    assert int(git(root, "rev-list", "--count", "HEAD")) == truth["commits"]
    assert git(root, "rev-parse", "HEAD").strip() == truth["head"]
    assert git(root, "status", "--porcelain") == ""
    for name in ("pyproject.toml", "README.md", "requirements.txt", ".mailmap", "docs/conf.py"):
        assert (root / name).is_file()
    assert "[tool.faultline]" not in (root / "pyproject.toml").read_text()


def test_every_python_file_parses(shop: tuple[Path, Truth]) -> None:
    root, _ = shop
    for path in sorted(root.rglob("*.py")):
        if ".git" not in path.parts:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_boundaries_kernel_and_migrations_cover_the_package(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    modules = {dotted(path) for path in python_files(root, "shop")}
    services = service_of(truth)
    migrations = [dotted(path) for path in truth["migrations"]]
    listed = [*services, *truth["shared_kernel"], *migrations]
    packages = {name for name in modules if (root / name.replace(".", "/")).is_dir()}

    assert len(truth["boundaries"]) == 6 and len(truth["shared_kernel"]) == 5
    assert len(listed) == len(set(listed))
    assert set(listed) | packages == modules
    for test, module in truth["tests"].items():
        assert (root / test).is_file() and (root / module).is_file()


def test_imports_at_head_match_the_planted_graph(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    edges = import_edges(root, "shop")
    services = service_of(truth)
    between = [(a, b) for a, b in edges if a in services and b in services]
    cross = sum(services[a] != services[b] for a, b in between)

    assert len(edges) == truth["import_edges"]
    assert round(cross / len(between), 4) == truth["cross_service_import_rate"]
    assert abs(truth["cross_service_import_rate"] - 0.10) < 0.03


def test_hidden_couplings_cochange_without_any_import(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    edges = import_edges(root, "shop")
    commits = commits_with_files(root)
    services = service_of(truth)

    assert len(truth["hidden_couplings"]) == 4
    for first, second in truth["hidden_couplings"]:
        a, b = dotted(first), dotted(second)
        assert services[a] != services[b]
        assert (a, b) not in edges and (b, a) not in edges
        together = sum(first in files and second in files for files in commits.values())
        assert together >= 8


def test_no_other_unrelated_cross_service_pair_cochanges_often(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    linked = {frozenset(edge) for edge in import_edges(root, "shop")}
    services = service_of(truth)
    noise = truth["noise"]
    skip = {noise["bulk_format_commit"], *noise["bot_commits"], *noise["vendor_commits"]}
    counts: Counter[tuple[str, str]] = Counter()
    for sha, files in commits_with_files(root).items():
        if sha not in skip:
            modules = sorted({dotted(f) for f in files if dotted(f) in services})
            counts.update(combinations(modules, 2))
    hidden = {(dotted(a), dotted(b)) for a, b in truth["hidden_couplings"]}
    frequent = [
        pair
        for pair, count in counts.items()
        if count > 2
        and pair not in hidden
        and services[pair[0]] != services[pair[1]]
        and frozenset(pair) not in linked
    ]

    assert frequent == []


def test_hotspots_churn_and_decoys_do_not(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    revisions = Counter(f for files in commits_with_files(root).values() for f in files)
    lines = {
        path: len((root / path).read_text().splitlines())
        for path in revisions
        if (root / path).is_file()
    }
    decoys = truth["decoys"]

    assert len(truth["hotspots"]) == 3
    assert all(revisions[path] >= 40 for path in truth["hotspots"])
    assert all(revisions[path] <= 2 for path in decoys["complex_stable"])
    assert all(revisions[path] >= 40 for path in decoys["simple_churny"])
    smallest_hotspot = min(lines[path] for path in truth["hotspots"])
    assert all(lines[path] >= smallest_hotspot * 0.6 for path in decoys["complex_stable"])
    assert all(lines[path] < 30 for path in decoys["simple_churny"])


def test_rename_keeps_its_history(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    [[old, new]] = truth["renamed"]
    log = git(root, "log", "--follow", "--name-status", "--format=@@%H", "--", new)

    assert f"R100\t{old}\t{new}" in log
    assert not (root / old).exists() and (root / new).is_file()
    assert len(git(root, "log", "--format=%H", "--", old).split()) >= 6


def test_merges_are_real_and_branches_predate_them(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    merges = git(root, "rev-list", "--merges", "HEAD").split()

    assert len(merges) >= 5 and set(merges) == set(truth["noise"]["merge_commits"])
    for sha in merges:
        fields = git(root, "show", "-s", "--format=%P %ct", sha).split()
        assert len(fields) == 3
        branch_time = int(git(root, "show", "-s", "--format=%ct", fields[1]).strip())
        assert branch_time < int(fields[2])
    assert git(root, "branch", "--format=%(refname:short)").split() == ["main"]


def test_bots_format_commit_and_mailmap(shop: tuple[Path, Truth]) -> None:
    root, truth = shop
    noise = truth["noise"]
    commits = commits_with_files(root)
    lint_sets = {
        tuple(sorted(commits[sha]))
        for sha in noise["bot_commits"]
        if commits[sha] != ["requirements.txt"]
    }
    lint_runs = [sha for sha in noise["bot_commits"] if commits[sha] != ["requirements.txt"]]
    authors = set(git(root, "log", "--format=%an").splitlines())

    assert {"dependabot[bot]", "pre-commit-ci[bot]"} <= authors
    assert len(lint_sets) == 1 and len(lint_runs) >= 6 and 3 <= len(next(iter(lint_sets))) <= 5
    assert len(commits[noise["bulk_format_commit"]]) > truth["modules"] * 0.8
    assert len(truth["vendored"]) >= 4 and len(noise["vendor_commits"]) >= 3
    mapped = git(root, "check-mailmap", "Wei Chen <wei.chen@fastmail.example>").strip()
    assert mapped == "Chen Wei <chen.wei@shopco.example>"


def test_same_seed_same_shas_other_seed_other_shas(
    shop: tuple[Path, Truth], tmp_path: Path
) -> None:
    _, truth = shop
    again = sample_repos.build("shop", tmp_path / "again", seed=0)
    other = sample_repos.build("shop", tmp_path / "other", seed=1)

    assert again == truth
    assert other["head"] != truth["head"]


def test_bad_input_is_a_sample_error(tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine\n")

    with pytest.raises(SampleError, match="not empty"):
        sample_repos.build("shop", busy)
    with pytest.raises(SampleError, match="Unknown scenario"):
        sample_repos.build("nope", tmp_path / "x")
    with pytest.raises(SampleError, match="cross_rate"):
        sample_repos.build("shop", tmp_path / "x", cross_rate=0.9)
    with pytest.raises(SampleError, match="Unknown option"):
        sample_repos.build("shop", tmp_path / "x", modules=10)
    with pytest.raises(SampleError, match="modules"):
        sample_repos.build("scale", tmp_path / "x", services=10, modules=40)
    assert (busy / "keep.txt").read_text() == "mine\n"
    assert not (tmp_path / "x").exists()
    assert set(sample_repos.SCENARIOS) == {"shop", "scale", "django"}


def test_small_scale_build_has_exact_size_and_asked_cross_rate(tmp_path: Path) -> None:
    dest = tmp_path / "mono"
    truth = sample_repos.build("scale", dest, seed=3, services=4, modules=80, commits=300)
    sample_repos.write_truth(truth, tmp_path / "truth.json")
    text = (tmp_path / "truth.json").read_text()

    assert json.loads(text) == truth and text.endswith("}\n")
    assert truth["commits"] == 300 == int(git(dest, "rev-list", "--count", "HEAD"))
    assert abs(truth["cross_service_import_rate"] - 0.10) <= 0.05
    assert len(truth["boundaries"]) == 4 and truth["hidden_couplings"]
    assert sum(map(len, truth["boundaries"].values())) + len(truth["shared_kernel"]) == 80
    for path in python_files(dest, "mono"):
        ast.parse((dest / path).read_text(encoding="utf-8"))
