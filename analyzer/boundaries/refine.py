"""What happens to a cut after community detection (pure): omnipresent modules set aside and
attached afterwards, shared code moved to the kernel, small boundaries merged into their
strongest neighbour, composition roots (the modules that wire the services together) moved
to the kernel, and the user's `apart` constraints enforced."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase

from analyzer.model import ISOLATED, KERNEL, BoundaryOptions, Signals


def unit_of(module: str, options: BoundaryOptions) -> str:
    """The clustered unit a module belongs to: itself, or its package at `depth`."""
    if options.level == "module":
        return module
    return ".".join(module.split(".")[: options.depth])


def _groups(patterns: Sequence[str], names: Iterable[str]) -> list[str]:
    return sorted(n for n in names if any(fnmatchcase(n, p) for p in patterns))


#: A unit tied to more than this many times the mean number of neighbours is omnipresent.
HUB_FACTOR = 4.0


#: ... and to at least this many: in a small graph nothing is everywhere.
HUB_FLOOR = 10


#: Neighbours tied to at most this many units are leaves of whatever they hang from.
LEAF_DEGREE = 4


def omnipresent(weights: Mapping[tuple[str, str], Sequence[float]]) -> set[str]:
    """Units tied to far more neighbours than the rest (after Mancoridis et al.'s omnipresent
    modules in Bunch): base classes, utilities, the models everything reads, wiring. Left in
    the cut, they pull unrelated code into one slice per layer. A unit whose neighbours are
    mostly leaves (a plugin factory, the package of two hundred parsers) is no such hub: it
    is what holds that family together, and stays."""
    if not HUB_FACTOR:
        return set()
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in weights:
        neighbours[a].add(b)
        neighbours[b].add(a)
    if not neighbours:
        return set()
    degree = {unit: len(near) for unit, near in neighbours.items()}
    limit = max(HUB_FLOOR, HUB_FACTOR * sum(degree.values()) / len(degree))
    return {unit for unit, near in neighbours.items() if degree[unit] > limit
            and statistics.median(degree[n] for n in near) > LEAF_DEGREE}


#: An omnipresent module imported from this many other boundaries is shared kernel.
HUB_KERNEL_SPREAD = 3


def _hub_kernel(signals: Signals, assignment: Mapping[str, str], hubs: set[str],
                options: BoundaryOptions) -> list[str]:
    """Modules used more from other boundaries than from their own, and from at least
    HUB_KERNEL_SPREAD of them (omnipresent ones from that many alone): shared code, not one
    service's (a utility inside "nutrition" would make every change to it a crossing)."""
    spread: dict[str, set[str]] = defaultdict(set)
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for importer, imported in signals.imports:
        source, target = assignment.get(importer), assignment.get(imported)
        if source in (None, KERNEL, ISOLATED) or target in (None, KERNEL, ISOLATED):
            continue
        if source == target:
            inside[imported] += 1
        else:
            outside[imported] += 1
            spread[imported].add(source)
    return sorted(m for m, where in spread.items() if len(where) >= HUB_KERNEL_SPREAD
                  and (unit_of(m, options) in hubs or outside[m] > inside[m]))


#: A composition root reaches at least this share of the other boundaries (and three).
WIRING_SHARE = 0.75


def wiring_pairs(signals: Signals) -> set[tuple[str, str]]:
    """The dependencies a composition root wires with: imports, string imports, model
    references (containment left out: a package's own modules are no wiring)."""
    return set(signals.imports) | {
        (a, b) for a, b, _w in signals.links
        if b.rpartition(".")[0] != a and a.rpartition(".")[0] != b}


def composition_roots(signals: Signals, assignment: Mapping[str, str],
                      pairs: set[tuple[str, str]] | None = None) -> list[str]:
    """Modules that put the services together rather than belong to one: the root URLconf,
    the settings, the module that lists every app. No import line points at them (a string
    may name them: the framework loads them), their dependencies (imports, string imports,
    model references; not containment) reach at least WIRING_SHARE of the other boundaries,
    and more of them lie outside their own boundary than in it. Placed in one service, every
    change that wires in a feature would count as crossing into it; each service extracted
    would keep its own, so they go with the shared kernel. `pairs`, when given, must be
    `wiring_pairs(signals)`."""
    services = {b for b in assignment.values() if b not in (KERNEL, ISOLATED)}
    needed = max(3, math.ceil(WIRING_SHARE * (len(services) - 1)))
    if len(services) - 1 < needed:
        return []
    pairs = wiring_pairs(signals) if pairs is None else pairs
    reached: dict[str, set[str]] = defaultdict(set)
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for importer, imported in pairs:
        source, target = assignment.get(importer), assignment.get(imported)
        if source in (None, KERNEL, ISOLATED) or target in (None, KERNEL, ISOLATED):
            continue
        if source == target:
            inside[importer] += 1
        else:
            reached[importer].add(target)
            outside[importer] += 1
    roots = {m for m, where in reached.items()
             if len(where) >= needed and outside[m] > inside[m]}
    imported = {b for a, b in signals.imports if b in roots and a not in roots and a != b}
    return sorted(roots - imported)


def _attach(assignment: dict[str, str], signals: Signals, hubs: set[str],
            weights: Mapping[tuple[str, str], Sequence[float]],
            options: BoundaryOptions) -> dict[str, str]:
    """Each omnipresent unit joins the boundary (or kernel) it is most tied to.

    `weights` must hold every tie of the hubs; other pairs are passed over."""
    if not hubs:
        return assignment
    result = dict(assignment)
    label_of = {unit_of(m, options): result[m] for m in signals.modules}
    pull: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b), w in weights.items():
        for hub, other in ((a, b), (b, a)):
            if hub in hubs and other not in hubs and label_of.get(other) not in (None, ISOLATED):
                pull[hub][label_of[other]] += w[0] + w[1]
    for module in signals.modules:
        unit = unit_of(module, options)
        if unit in pull:
            result[module] = min(pull[unit], key=lambda lb: (-pull[unit][lb], lb))
    return result


Adjacency = tuple[dict[str, list[str]], dict[str, list[tuple[str, float]]]]


def adjacency(signals: Signals, weights: Mapping[tuple[str, str], Sequence[float]],
              options: BoundaryOptions) -> Adjacency:
    """(unit -> its modules, unit -> [(neighbour, combined weight)]) for `_merge_small`."""
    units: dict[str, list[str]] = defaultdict(list)
    for module in signals.modules:
        units[unit_of(module, options)].append(module)
    adjacent: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), w in weights.items():
        adjacent[a].append((b, w[0] + w[1]))
        adjacent[b].append((a, w[0] + w[1]))
    return units, adjacent


def _merge_small(assignment: dict[str, str], signals: Signals,
                 weights: Mapping[tuple[str, str], Sequence[float]],
                 options: BoundaryOptions, near: Adjacency | None = None) -> dict[str, str]:
    """Boundaries of fewer than `min_size` modules (at most N/20) join the boundary (or the
    kernel) they are most tied to, smallest first; one with no tie outside stays as it is.
    `near`, when given, must be `adjacency(signals, weights, options)`."""
    # A small codebase keeps small boundaries: the floor is at most a twentieth of it.
    floor = min(options.min_size, max(2, len(signals.modules) // 20))
    if floor <= 1:
        return assignment
    result = dict(assignment)
    units, adjacent = adjacency(signals, weights, options) if near is None else near
    members: dict[str, set[str]] = defaultdict(set)
    for unit, modules in units.items():
        members[result[modules[0]]].add(unit)
    done: set[str] = set()
    while True:
        small = [label for label, held in members.items() if label not in (KERNEL, ISOLATED)
                 and label not in done and 0 < sum(len(units[u]) for u in held) < floor]
        if not small:
            return result
        label = min(small, key=lambda lb: (sum(len(units[u]) for u in members[lb]), lb))
        pull: Counter[str] = Counter()
        for unit in members[label]:
            for other, w in adjacent[unit]:
                where = result[units[other][0]]
                if where not in (label, ISOLATED):
                    pull[where] += w
        if not pull:
            done.add(label)
            continue
        target = min(pull, key=lambda lb: (-pull[lb], lb))
        for unit in members.pop(label):
            members[target].add(unit)
            for module in units[unit]:
                result[module] = target


def _keep_apart(
    assignment: dict[str, str], signals: Signals, options: BoundaryOptions
) -> dict[str, str]:
    """Enforce `apart`: a member sharing a boundary with an earlier member of its group moves.

    It moves to the other boundary it is most tied to (one not holding an earlier member), or
    to a boundary of its own.
    """
    if not options.apart:
        return assignment
    result = dict(assignment)
    ties: dict[str, Counter[str]] = defaultdict(Counter)
    for importer, imported in signals.imports:
        ties[importer][imported] += options.import_weight
        ties[imported][importer] += options.import_weight
    for a, b, degree in signals.cochange:
        ties[a][b] += options.cochange_weight * degree
        ties[b][a] += options.cochange_weight * degree
    for number, group in enumerate(options.apart):
        taken: set[str] = set()
        for place, pattern in enumerate(group):
            members = _groups((pattern,), result)
            if not members:
                continue
            label = Counter(result[m] for m in members).most_common(1)[0][0]
            if label in taken:
                pull: Counter[str] = Counter()
                for member in members:
                    for other, weight in ties[member].items():
                        where = result.get(other)
                        if where is not None and where not in taken | {KERNEL, ISOLATED}:
                            pull[where] += weight
                ranked = sorted(pull.items(), key=lambda kv: (-kv[1], kv[0]))
                label = ranked[0][0] if ranked else f"apart{number}.{place}"
            for member in members:
                result[member] = label
            taken.add(label)
    return result
