"""Which imports cross a boundary, under a fixed assignment of modules to boundaries (pure).

Shared by `faultline pr` (base proposal applied to the head) and `faultline check` (the
baseline's assignment applied to today's code). An import crosses when importer and imported
sit in different boundaries and the imported one is not the shared kernel (every boundary may
use the kernel). Modules the assignment does not know join the boundary their package belongs
to; the modules of a new package go together; a module with no package to follow takes the
boundary it imports most, or stays `UNASSIGNED`.
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
    """`assignment` plus every other module of `modules`, placed by its package, else by its
    imports, as the analysis weighs package membership (it keeps a Django app whole).

    A new module's package is the module itself when other modules lie below it, else the one
    holding it; `a.b` holds `a.b` and all below. A new module joins, in this order:

    1. the boundary its package belongs to: the one holding more than half of the assigned
       modules (the kernel's too; isolated ones do not count) of its nearest enclosing package
       that has any assigned module;
    2. when its package is entirely new (no module of it assigned), whatever boundary all the
       new modules of that package (the outermost new one) go to together: the service
       boundary their imports point to most, in total;
    3. otherwise the service boundary it imports most.

    Ties go to the smaller id. 2 and 3 are repeated until nothing changes, so a chain of new
    modules follows its first placed link; a module still without a boundary is `UNASSIGNED`.
    """
    known = set(modules)
    result = {m: b for m, b in assignment.items() if m in known}
    new = sorted(known - set(result))
    held = _held(result)
    packages = {m.rsplit(".", n)[0] for m in known for n in range(1, m.count(".") + 1)}
    groups: dict[tuple[str, str], list[str]] = {}
    for module in new:
        chain = _enclosing(module, packages)
        found = next((i for i, p in enumerate(chain) if held.get(p)), None)
        owner = _majority(held[chain[found]]) if found is not None else None
        if owner is not None:
            result[module] = owner
        elif found == 0 or not chain:
            groups.setdefault(("module", module), []).append(module)
        else:
            outermost = chain[-1] if found is None else chain[found - 1]
            groups.setdefault(("package", outermost), []).append(module)
    outgoing: dict[str, list[str]] = {}
    for importer, imported in imports:
        outgoing.setdefault(importer, []).append(imported)
    changed = True
    while changed:
        changed = False
        for key in sorted(groups):
            members = groups[key]
            if members[0] in result:
                continue
            votes = Counter(result[t] for m in members for t in outgoing.get(m, ())
                            if result.get(t) not in (None, *_NO_VOTE))
            if votes:
                best = max(votes.values())
                boundary = min(b for b, n in votes.items() if n == best)
                result.update(dict.fromkeys(members, boundary))
                changed = True
    for module in new:
        result.setdefault(module, UNASSIGNED)
    return result


def _held(assignment: Mapping[str, str]) -> dict[str, Counter[str]]:
    """Package (or module) -> how many of its assigned modules, itself included, each boundary
    holds; isolated and unassigned modules are left out."""
    held: dict[str, Counter[str]] = {}
    for module, boundary in assignment.items():
        if boundary in ("isolated", UNASSIGNED):
            continue
        parts = module.split(".")
        for n in range(1, len(parts) + 1):
            held.setdefault(".".join(parts[:n]), Counter())[boundary] += 1
    return held


def _enclosing(module: str, packages: set[str]) -> list[str]:
    """The packages of `module`, innermost first: itself when it is a package, then the ones
    holding it; [] for a module outside every package."""
    parts = module.split(".")
    top = len(parts) if module in packages else len(parts) - 1
    return [".".join(parts[:n]) for n in range(top, 0, -1)]


def _majority(counts: Counter[str]) -> str | None:
    """The boundary holding more than half of `counts`, if one does."""
    if not counts:
        return None
    boundary, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return boundary if 2 * count > sum(counts.values()) else None


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
