"""What the history says about the code: coupling, ownership, hotspots (pure).

Joins the counted commits with the import graph: file coupling (test files left out, since
they change with the code they test by design), the same aggregated to modules and packages,
hidden coupling (co-change without a direct import either way), ownership and hotspots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter

from analyzer.history.commitsets import CommitSets
from analyzer.history.coupling import (
    CouplingResult,
    Revision,
    Thresholds,
    mark_hidden,
    scale_thresholds,
)
from analyzer.history.hotspots import score_hotspots
from analyzer.model import Evolution, ImportGraph
from analyzer.patterns import path_matcher
from analyzer.settings import TEST_PATTERNS

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
    # Only ever asked both ways round (`mark_hidden`), so one way is enough to hold.
    linked = set(map(attrgetter("importer", "imported"), graph.imports))

    tests: dict[str, bool] = {}
    is_test = path_matcher(TEST_PATTERNS)

    def not_test(path: str) -> bool:
        # The answer depends on the path only.
        if path not in tests:
            tests[path] = not is_test(path)
        return tests[path]

    def has_import(a: str, b: str) -> bool:
        # Only pairs of two analysed modules can be hidden; others are not judged.
        if a not in module_of or b not in module_of:
            return True
        return (module_of[a], module_of[b]) in linked

    # Each commit's files are filtered once for every count below (adr/0008's loose module
    # co-change included: with min shared 1 and no other threshold, it is every pair).
    commits = CommitSets(revisions, not_test, thresholds.max_files)
    files = commits.couple(thresholds)
    files = _with_pairs(files, mark_hidden(files.pairs, has_import))
    modules = commits.couple(thresholds, module_of)
    modules = _with_pairs(modules, mark_hidden(modules.pairs, lambda a, b: (a, b) in linked))
    # Right after the modules' coupling, whose counts it reuses (a file changed once says
    # nothing about what it changes with: CLUSTER_MIN_SHARED).
    cochange = commits.cochange(module_of, min_revisions=CLUSTER_MIN_REVISIONS)
    order = _in_time_order(revisions)
    middle = len(order) // 2
    halves = tuple(
        commits.cochange(module_of, half, CLUSTER_MIN_REVISIONS, shared=False)
        for half in (order[:middle], order[middle:])
    )
    packages = commits.couple(thresholds, package_of)
    module_revisions = {path: files.revisions.get(path, 0) for path in module_of}
    complexity = {m.path: m.complexity for m in graph.modules}
    own_file = {path: path for path in module_of}
    return Evolution(
        thresholds=thresholds,
        files=files,
        modules=modules,
        packages=packages,
        hotspots=score_hotspots(module_revisions, complexity, module_of),
        file_owners=commits.owners(own_file),
        package_owners=commits.owners(package_of),
        cochange=cochange,
        cochange_halves=halves,
    )


def _with_pairs(result: CouplingResult, pairs: Sequence[object]) -> CouplingResult:
    return replace(result, pairs=tuple(pairs))


def _in_time_order(revisions: Sequence[Revision]) -> list[int]:
    """The revisions' numbers sorted by (timestamp, sha), ties in number order."""
    stamps = list(map(attrgetter("timestamp"), revisions))
    if len(set(stamps)) == len(stamps):  # no two at one time: the sha never decides
        return sorted(range(len(revisions)), key=stamps.__getitem__)
    when = list(zip(stamps, map(attrgetter("sha"), revisions), strict=True))
    return sorted(range(len(revisions)), key=when.__getitem__)
