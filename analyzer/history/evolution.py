"""What the history says about the code: coupling, ownership, hotspots (pure).

Joins the counted commits with the import graph: file coupling (test files left out, since
they change with the code they test by design), the same aggregated to modules and packages,
hidden coupling (co-change without a direct import either way), ownership and hotspots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from analyzer.history.coupling import (
    CouplingPair,
    CouplingResult,
    Revision,
    Thresholds,
    couple,
    mark_hidden,
    restrict,
    scale_thresholds,
)
from analyzer.history.hotspots import score_hotspots
from analyzer.history.ownership import own
from analyzer.model import Evolution, ImportGraph
from analyzer.settings import TEST_PATTERNS, matches

#: Loose thresholds for the co-change the clustering sees: one shared commit is a signal there,
#: weighted by its degree, although it is far too little to report as coupling. Only files
#: changed at least twice take part: the degree of a file changed once (a scaffold commit that
#: created it with its neighbours) is 1.0 with everything it was created with (adr/0008).
CLUSTER_MIN_SHARED = 1
CLUSTER_MIN_REVISIONS = 2


def evolve(graph: ImportGraph, revisions: Sequence[Revision], base: Thresholds) -> Evolution:
    """Coupling, ownership and hotspots of the analysed modules over `revisions`."""
    thresholds = scale_thresholds(len(revisions), base)
    module_of = {m.path: m.name for m in graph.modules}
    package_of = {m.path: m.package for m in graph.modules}
    linked = {(e.importer, e.imported) for e in graph.imports}
    linked |= {(b, a) for a, b in linked}

    tests: dict[str, bool] = {}

    def not_test(path: str) -> bool:
        # Asked once per path and commit in each of five passes; the answer depends on the path.
        if path not in tests:
            tests[path] = not matches(path, TEST_PATTERNS)
        return tests[path]

    def has_import(a: str, b: str) -> bool:
        # Only pairs of two analysed modules can be hidden; others are not judged.
        if a not in module_of or b not in module_of:
            return True
        return (module_of[a], module_of[b]) in linked

    files = couple(revisions, thresholds, include=not_test)
    files = _with_pairs(files, mark_hidden(files.pairs, has_import))
    loose = replace(thresholds, min_shared=CLUSTER_MIN_SHARED, min_revisions=0, min_degree=0.0)
    all_modules = couple(revisions, loose, include=not_test, key=module_of.get)
    modules = restrict(all_modules, thresholds)
    modules = _with_pairs(modules, mark_hidden(modules.pairs, lambda a, b: (a, b) in linked))
    ordered = sorted(revisions, key=lambda r: (r.timestamp, r.sha))
    middle = len(ordered) // 2
    halves = tuple(
        _degrees(couple(half, loose, include=not_test, key=module_of.get))
        for half in (ordered[:middle], ordered[middle:])
    )
    packages = couple(revisions, thresholds, include=not_test, key=package_of.get)
    module_revisions = {path: files.revisions.get(path, 0) for path in module_of}
    complexity = {m.path: m.complexity for m in graph.modules}
    return Evolution(
        thresholds=thresholds,
        files=files,
        modules=modules,
        packages=packages,
        hotspots=score_hotspots(module_revisions, complexity, module_of),
        file_owners=own(revisions, key=lambda p: p if p in module_of else None),
        package_owners=own(revisions, key=package_of.get),
        cochange=tuple(sorted((p.a, p.b, round(p.degree, 4), p.shared)
                              for p in all_modules.pairs if _usable(p))),
        cochange_halves=halves,
    )


def _usable(pair: CouplingPair) -> bool:
    """A file changed once says nothing about what it changes with (see CLUSTER_MIN_SHARED)."""
    return min(pair.revisions_a, pair.revisions_b) >= CLUSTER_MIN_REVISIONS


def _degrees(result: CouplingResult) -> tuple[tuple[str, str, float], ...]:
    return tuple(sorted((p.a, p.b, round(p.degree, 4)) for p in result.pairs if _usable(p)))


def _with_pairs(result: CouplingResult, pairs: Sequence[object]) -> CouplingResult:
    return replace(result, pairs=tuple(pairs))
