"""Which imports cross a boundary, under a fixed assignment of modules to boundaries (pure).

Shared by `faultline pr` (base proposal applied to the head) and `faultline check` (the
baseline's assignment applied to today's code). An import crosses when importer and imported
sit in different boundaries and the imported one is not the shared kernel (every boundary may
use the kernel). Modules the assignment does not know take the boundary they import most,
or stay `UNASSIGNED`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

UNASSIGNED = "unassigned"
#: Boundaries that do not attract new modules: everyone imports the kernel, isolated means none.
_NO_VOTE = ("kernel", "isolated", UNASSIGNED)


def extend_assignment(assignment: Mapping[str, str], modules: Iterable[str],
                      imports: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`assignment` plus every other module of `modules`, placed by its imports.

    A new module joins the service boundary it imports most (ties: the smaller id); repeated
    until nothing changes, so a chain of new modules follows its first placed link. A module
    with no such import is `UNASSIGNED`.
    """
    known = set(modules)
    result = {m: b for m, b in assignment.items() if m in known}
    new = sorted(known - set(result))
    outgoing: dict[str, list[str]] = {}
    for importer, imported in imports:
        outgoing.setdefault(importer, []).append(imported)
    changed = True
    while changed:
        changed = False
        for module in new:
            if module in result:
                continue
            votes = Counter(result[t] for t in outgoing.get(module, ())
                            if result.get(t) not in (None, *_NO_VOTE))
            if votes:
                best = max(votes.values())
                result[module] = min(b for b, n in votes.items() if n == best)
                changed = True
    for module in new:
        result.setdefault(module, UNASSIGNED)
    return result


def crosses(source: str, target: str, kinds: Mapping[str, str]) -> bool:
    """Does an import from boundary `source` into boundary `target` cross a boundary?"""
    if source == target or UNASSIGNED in (source, target):
        return False
    return kinds.get(target) != "kernel"


def crossing_imports(document: Mapping[str, Any], assignment: Mapping[str, str],
                     kinds: Mapping[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """(importer, imported) -> the import with its file, lines and both boundaries."""
    paths = {m["name"]: m.get("path") for m in document.get("modules", [])}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in document.get("imports", []):
        importer, imported = edge["importer"], edge["imported"]
        source = assignment.get(importer, UNASSIGNED)
        target = assignment.get(imported, UNASSIGNED)
        if crosses(source, target, kinds):
            found[importer, imported] = {
                "importer": importer, "imported": imported, "path": paths.get(importer),
                "lines": sorted(edge.get("lines") or []), "source": source, "target": target,
            }
    return dict(sorted(found.items()))


def boundary_edges(document: Mapping[str, Any],
                   assignment: Mapping[str, str]) -> set[tuple[str, str]]:
    """Every dependency between two assigned boundaries, the kernel included."""
    edges = set()
    for edge in document.get("imports", []):
        source = assignment.get(edge["importer"], UNASSIGNED)
        target = assignment.get(edge["imported"], UNASSIGNED)
        if source != target and UNASSIGNED not in (source, target):
            edges.add((source, target))
    return edges


def boundary_kinds(document: Mapping[str, Any]) -> dict[str, str]:
    """Boundary id -> kind ("service", "kernel" or "isolated") in an analysis document."""
    return {b["id"]: b.get("kind", "service") for b in document.get("boundaries", [])}


def boundary_names(document: Mapping[str, Any]) -> dict[str, str]:
    """Boundary id -> its name in an analysis document."""
    return {b["id"]: b.get("name") or b["id"] for b in document.get("boundaries", [])}


def assignment_of(document: Mapping[str, Any]) -> dict[str, str]:
    """Module -> boundary id as proposed in an analysis document."""
    return {m["name"]: m.get("boundary") or "isolated" for m in document.get("modules", [])}
