"""The fast ways of counting and re-running give exactly what the plain ones give.

Co-change counted with numpy arrays or in Python (`CommitSets`), against `couple` and against a
naive count straight from the definitions; and whole analyses of the shop
sample either way.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

import analyzer.history.commitsets as commitsets
from analyzer.history.commitsets import CommitSets
from analyzer.history.coupling import Revision, Thresholds, couple

pytest.importorskip("numpy")


def random_history(seed: int, commits: int = 400, paths: int = 40) -> list[Revision]:
    rng = random.Random(seed)
    names = [f"pkg{rng.randrange(4)}/m{i}.py" for i in range(paths)] + ["tests/test_x.py"]
    history = []
    for i in range(commits):
        size = min(int(rng.expovariate(0.4)) + 1, 40)  # a few commits above max_files
        chosen = tuple(rng.choice(names) for _ in range(size))  # repeats on purpose
        history.append(Revision(sha=f"{i:04x}", author=f"a{rng.randrange(3)}",
                                timestamp=rng.randrange(10**6), message="", paths=chosen))
    return history


def naive(revisions: list[Revision], include, key, max_files: int):
    """revisions, SoC and shared commits straight from QUALITY.md's definitions."""
    revs: Counter[str] = Counter()
    soc: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for revision in revisions:
        files = {p for p in revision.paths if include(p)}
        if len(files) > max_files:
            continue
        units = {key(f) for f in files} - {None}
        for unit in units:
            revs[unit] += 1
            soc[unit] += len(units) - 1
        shared.update(combinations(sorted(units), 2))
    return revs, soc, shared


def not_test(path: str) -> bool:
    return not path.startswith("tests/")


KEYS = {
    "files": None,
    "modules": {f"pkg{g}/m{i}.py": f"pkg{g}.m{i // 2}" for g in range(4) for i in range(40)},
    "packages": {f"pkg{g}/m{i}.py": f"pkg{g}" for g in range(4) for i in range(40)},
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("arrays", [False, True])
@pytest.mark.parametrize("name", sorted(KEYS))
def test_commit_sets_count_as_couple_and_the_definitions(seed: int, arrays: bool,
                                                         name: str) -> None:
    history = random_history(seed)
    key = KEYS[name]
    thresholds = Thresholds(min_revisions=3, min_shared=2, min_degree=0.2, max_files=12)
    sets = CommitSets(history, not_test, thresholds.max_files, arrays=arrays)
    assert (sets._np is not None) == arrays
    half = sorted(random.Random(seed).sample(range(len(history)), len(history) // 2))
    for among in (None, half):
        chosen = history if among is None else [history[i] for i in among]
        expected = couple(chosen, thresholds, include=not_test,
                          key=None if key is None else key.get)
        assert sets.couple(thresholds, key, among) == expected
        revs, soc, shared = naive(chosen, not_test, (lambda p: p) if key is None else key.get,
                                  thresholds.max_files)
        assert expected.revisions == dict(sorted(revs.items()))
        assert expected.sum_of_coupling == {u: soc[u] for u in sorted(revs)}
        rows = sets.degrees(key, among, min_revisions=2)
        assert rows == sorted((a, b, 2 * n / (revs[a] + revs[b]), n)
                              for (a, b), n in shared.items() if min(revs[a], revs[b]) >= 2)
        assert rows == CommitSets(chosen, not_test, thresholds.max_files,
                                  arrays=not arrays).degrees(key, min_revisions=2)
        weighed = naive_weighed(chosen, not_test, (lambda p: p) if key is None else key.get,
                                thresholds.max_files)
        assert sets.cochange(key, among, min_revisions=2) == tuple(sorted(
            (a, b, round(2 * w / (1000 * (revs[a] + revs[b])), 4), shared[(a, b)])
            for (a, b), w in weighed.items() if min(revs[a], revs[b]) >= 2))
        assert sets.cochange(key, among, 2, shared=False) == CommitSets(
            chosen, not_test, thresholds.max_files, arrays=not arrays).cochange(
                key, min_revisions=2, shared=False)


def naive_weighed(revisions: list[Revision], include, key, max_files: int):
    """Each pair's shared commits, each weighing 1 / log2 of its units, in thousandths."""
    weighed: Counter[tuple[str, str]] = Counter()
    for revision in revisions:
        files = {p for p in revision.paths if include(p)}
        units = {key(f) for f in files} - {None}
        if len(files) <= max_files and len(units) >= 2:
            for pair in combinations(sorted(units), 2):
                weighed[pair] += round(1000 / math.log2(len(units)))
    return weighed


def test_commit_sets_refuse_other_max_files() -> None:
    sets = CommitSets(random_history(0), not_test, 12)
    with pytest.raises(ValueError):
        sets.couple(Thresholds(max_files=30))


def test_evolve_is_the_same_with_and_without_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    from analyzer.history.evolution import evolve
    from analyzer.model import ImportEdge, ImportGraph, Module

    modules = tuple(Module(name=name, path=path, package=name.split(".")[0], loc=10,
                           is_package=False, complexity=float(len(path)))
                    for path, name in sorted(KEYS["modules"].items()))
    graph = ImportGraph(modules=modules, imports=(ImportEdge("pkg0.m0", "pkg0.m1", (1,)),),
                        externals=(), cycles=(), warnings=(), dependencies=())
    history = random_history(7, commits=600)
    results = []
    for smallest in (10**9, 1):
        monkeypatch.setattr(commitsets, "ARRAY_MIN_COMMITS", smallest)
        monkeypatch.setattr(commitsets, "ARRAY_MIN_COMMITS_IMPORTED", smallest)
        results.append(evolve(graph, history, Thresholds(min_revisions=3, min_shared=2)))
    assert results[0] == results[1]
    assert results[0].cochange and all(results[0].cochange_halves)


def test_the_shop_analysis_is_the_same_either_way(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sample_repos
    from analyzer.output.document import dumps, to_document
    from analyzer.pipeline import analyze

    repo = tmp_path / "shop"
    sample_repos.build("shop", repo)
    texts = []
    for fast in (False, True):
        monkeypatch.setattr(commitsets, "ARRAY_MIN_COMMITS", 1 if fast else 10**9)
        monkeypatch.setattr(commitsets, "ARRAY_MIN_COMMITS_IMPORTED", 1 if fast else 10**9)
        document = to_document(analyze(repo, cache=False))
        document.pop("generated_at", None)
        texts.append(dumps(document))
    assert texts[0] == texts[1]
