"""What the history says about the code: coupling, ownership, hotspots (pure).

Joins the counted commits with the import graph: file coupling (test files left out, since
they change with the code they test by design), the same aggregated to modules and packages,
hidden coupling (co-change without a direct import either way), ownership and hotspots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .coupling import CouplingResult, Revision, Thresholds, couple, mark_hidden, scale_thresholds
from .hotspots import Hotspot, score_hotspots
from .model import ImportGraph
from .ownership import Ownership, own
from .patterns import matches
from .settings import TEST_PATTERNS


@dataclass(frozen=True)
class Evolution:
    """History-derived facts, ready for the report."""

    thresholds: Thresholds
    files: CouplingResult
    modules: CouplingResult
    packages: CouplingResult
    hotspots: tuple[Hotspot, ...]
    file_owners: tuple[Ownership, ...]
    package_owners: tuple[Ownership, ...]


def evolve(graph: ImportGraph, revisions: Sequence[Revision], base: Thresholds) -> Evolution:
    """Coupling, ownership and hotspots of the analysed modules over `revisions`."""
    thresholds = scale_thresholds(len(revisions), base)
    module_of = {m.path: m.name for m in graph.modules}
    package_of = {m.path: m.package for m in graph.modules}
    linked = {(e.importer, e.imported) for e in graph.imports}
    linked |= {(b, a) for a, b in linked}

    def not_test(path: str) -> bool:
        return not matches(path, TEST_PATTERNS)

    def has_import(a: str, b: str) -> bool:
        # Only pairs of two analysed modules can be hidden; others are not judged.
        if a not in module_of or b not in module_of:
            return True
        return (module_of[a], module_of[b]) in linked

    files = couple(revisions, thresholds, include=not_test)
    files = _with_pairs(files, mark_hidden(files.pairs, has_import))
    modules = couple(revisions, thresholds, include=not_test, key=module_of.get)
    modules = _with_pairs(modules, mark_hidden(modules.pairs, lambda a, b: (a, b) in linked))
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
    )


def _with_pairs(result: CouplingResult, pairs: Sequence[object]) -> CouplingResult:
    return replace(result, pairs=tuple(pairs))
