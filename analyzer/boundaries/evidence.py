"""The evidence behind each cut, and the order in which to make the cuts (pure).

For a module -> boundary assignment: every import that crosses two boundaries (file and line),
the co-change and hidden coupling that cross, the imports to cut so that the boundaries depend
on each other without cycles, and an extraction plan, cheapest boundary first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from analyzer.boundaries.cut import ISOLATED, KERNEL
from analyzer.model import Crossing, CrossingImport, ImportEdge, PlanStep


def crossings(
    assignment: Mapping[str, str],
    imports: Iterable[ImportEdge],
    paths: Mapping[str, str],
    cochange: Iterable[tuple[str, str, float]] = (),
    hidden: Iterable[tuple[str, str, int, float]] = (),
) -> tuple[Crossing, ...]:
    """Imports, co-change and hidden coupling between each ordered pair of boundaries."""
    found: dict[tuple[str, str], list[CrossingImport]] = defaultdict(list)
    for edge in imports:
        source, target = assignment.get(edge.importer), assignment.get(edge.imported)
        if source is None or target is None or source == target:
            continue
        found[(source, target)].append(
            CrossingImport(edge.importer, edge.imported, paths.get(edge.importer, ""), edge.lines)
        )
    weight: Counter[tuple[str, str]] = Counter()
    for a, b, degree in cochange:
        pair = _split(assignment, a, b)
        if pair:
            weight[pair] += degree
    hidden_between: dict[tuple[str, str], list[tuple[str, str, int, float]]] = defaultdict(list)
    for a, b, shared, degree in hidden:
        pair = _split(assignment, a, b)
        if pair:
            hidden_between[pair].append((a, b, shared, degree))
    keys = sorted(set(found) | set(weight) | set(hidden_between))
    return tuple(
        Crossing(source, target, tuple(sorted(found.get((source, target), ()))),
                 round(weight.get((source, target), 0.0), 4),
                 tuple(sorted(hidden_between.get((source, target), ()))))
        for source, target in keys
    )


def _split(assignment: Mapping[str, str], a: str, b: str) -> tuple[str, str] | None:
    x, y = assignment.get(a), assignment.get(b)
    if x is None or y is None or x == y:
        return None
    return (x, y) if x < y else (y, x)


def acyclic_cuts(found: Sequence[Crossing], boundaries: Sequence[str]) -> tuple[Crossing, ...]:
    """Boundary dependencies to remove so that the rest has no cycles (a small feedback set).

    Greedy ordering of Eades, Lin & Smyth (1993) on the boundary graph weighted by import
    count: sinks go last, sources first, otherwise the boundary with the largest out-minus-in
    weight next. Every dependency pointing backwards in that order is returned; removing its
    imports leaves the boundaries acyclic. The shared kernel is left out: everything may
    depend on it.
    """
    weight = {(c.source, c.target): len(c.imports) for c in found if c.imports
              and KERNEL not in (c.source, c.target)}
    nodes = sorted({n for pair in weight for n in pair} & set(boundaries))
    remaining = set(nodes)
    head: list[str] = []
    tail: list[str] = []

    def degree(node: str, outgoing: bool) -> int:
        return sum(w for (s, t), w in weight.items()
                   if s in remaining and t in remaining and (s if outgoing else t) == node)

    while remaining:
        sinks = sorted(n for n in remaining if degree(n, True) == 0)
        if sinks:
            tail[:0] = sinks
            remaining -= set(sinks)
            continue
        sources = sorted(n for n in remaining if degree(n, False) == 0)
        if sources:
            head.extend(sources)
            remaining -= set(sources)
            continue
        best = max(sorted(remaining), key=lambda n: degree(n, True) - degree(n, False))
        head.append(best)
        remaining.discard(best)
    position = {n: i for i, n in enumerate(head + tail)}
    backwards = {pair for pair in weight if position[pair[0]] > position[pair[1]]}
    return tuple(c for c in found if (c.source, c.target) in backwards)


def extraction_plan(found: Sequence[Crossing], boundaries: Sequence[str]) -> tuple[PlanStep, ...]:
    """Service boundaries ordered by how cheap they are to extract, with the work for each.

    cost = imports into the boundary from other services (each must become an API call) + the
    co-change crossing its edge. Imports of the shared kernel are not counted: the kernel is
    shared, or copied, not cut. Ties go to the smaller outgoing work, then the id.
    """
    steps = []
    for boundary in boundaries:
        if boundary in (KERNEL, ISOLATED):
            continue
        incoming = tuple(i for c in found if c.target == boundary and c.source != KERNEL
                         for i in c.imports)
        outgoing = tuple(i for c in found if c.source == boundary and c.target != KERNEL
                         for i in c.imports)
        cochange = round(sum(c.cochange for c in found if boundary in (c.source, c.target)), 4)
        steps.append((len(incoming) + cochange, len(outgoing), boundary, incoming, outgoing,
                      cochange))
    steps.sort(key=lambda s: (s[0], s[1], s[2]))
    return tuple(
        PlanStep(boundary, order, incoming, outgoing, cochange, round(cost, 4))
        for order, (cost, _out, boundary, incoming, outgoing, cochange) in enumerate(steps, 1)
    )


#: A package speaks for where its modules belong when it holds this many analysed modules
#: and this share of them sits in one service.
PACKAGE_MIN = 3
PACKAGE_AGREES = 0.6


#: A module whose own ties (each import either way 1, each co-change pair its degree) to one
#: other service reach this many times those to its own, and PULL_MIN, leans away from it.
PULL_FACTOR = 1.5
PULL_MIN = 1.5


def apart_from_package(assignment: Mapping[str, str],
                       imports: Iterable[tuple[str, str]] = (),
                       cochange: Iterable[tuple[str, str, float]] = ()
                       ) -> tuple[dict[str, str], ...]:
    """Modules apart from most of their package: candidates for a move in the code (a
    pricing module in the catalogue app that belongs with payments), or for a second look at
    the cut. Either the cut placed them in another service than their package, or it kept them
    there (an app holds its modules together) while their own ties, imports either way and
    co-change, lean PULL_FACTOR times more to one other service: `imports_toward` names it.
    Kernel and isolated modules are left out."""
    placed = {m: b for m, b in assignment.items() if b not in (KERNEL, ISOLATED)}
    ties: dict[str, Counter[str]] = defaultdict(Counter)
    for importer, imported in set(imports):
        if importer in placed and imported in placed and importer != imported:
            ties[importer][placed[imported]] += 1
            ties[imported][placed[importer]] += 1
    for a, b, degree in cochange:
        if a in placed and b in placed and a != b:
            ties[a][placed[b]] += degree
            ties[b][placed[a]] += degree
    # A package's own module (its __init__) goes with its package, not beside its siblings.
    parents = {m.rpartition(".")[0] for m in assignment}
    packages: dict[str, list[str]] = {}
    for module in placed:
        home = module if module in parents else module.rpartition(".")[0]
        packages.setdefault(home, []).append(module)
    found = []
    for package, members in sorted(packages.items()):
        if not package or len(members) < PACKAGE_MIN:
            continue
        home, count = Counter(placed[m] for m in members).most_common(1)[0]
        if count < PACKAGE_AGREES * len(members):
            continue
        for m in sorted(members):
            if placed[m] != home:
                found.append({"module": m, "package": package, "package_boundary": home,
                              "boundary": placed[m]})
                continue
            own = ties[m][home]
            other = min((b for b in ties[m] if b != home),
                        key=lambda b: (-ties[m][b], b), default=None)
            if other is not None and ties[m][other] >= max(PULL_MIN, PULL_FACTOR * own):
                found.append({"module": m, "package": package, "package_boundary": home,
                              "boundary": home, "imports_toward": other})
    return tuple(found)
