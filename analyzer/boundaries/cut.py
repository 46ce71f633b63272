"""Candidate service boundaries from imports and co-change (pure).

One undirected weighted graph joins the two signals: a pair of modules joined by an import
(either way) weighs `import_weight`, a co-changing pair `cochange_weight` x its coupling degree,
and a pair with both the sum, so that an import its two ends are also edited along counts for
more than one they never change across (adr/0008). Leiden (Traag et al. 2019, igraph's) cuts
it into communities for a given seed and resolution; networkx's Louvain stands in where
igraph cannot be installed, or when asked for. Modules with no usable history simply have
import ties only.

Path-blind: the graph's nodes are integers and the only inputs to the cut are the edges.
Names are used to label the result, to apply the user's own constraints, and to break ties in
a fixed order (so that a run is reproducible), never as a signal.
"""

from __future__ import annotations

import math
import operator
import os
import random
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from analyzer.boundaries.apps import rejoin, whole_units
from analyzer.boundaries.proposal import build_proposal
from analyzer.boundaries.refine import (
    Adjacency,
    _attach,
    _groups,
    _hub_kernel,
    _keep_apart,
    _merge_small,
    adjacency,
    composition_roots,
    omnipresent,
    unit_of,
    wiring_pairs,
)
from analyzer.boundaries.weights import combined_weights, structural_weights
from analyzer.model import ISOLATED, KERNEL, BoundaryOptions, Proposal, Signals

_IGRAPH: list[Any] = []  # igraph, or None where it cannot be imported; loaded when first used


def _igraph() -> Any:
    """igraph, imported on first use (a page that shows an analysis never needs it): None on
    a platform without its wheels, where Louvain stands in."""
    if not _IGRAPH:
        try:
            import igraph
        except ImportError:
            igraph = None
        _IGRAPH.append(igraph)
    return _IGRAPH[0]


_RNG_LOCK = threading.Lock()


def _unlocked() -> None:
    # A forked child has one thread: the lock another thread held at the fork is free.
    global _RNG_LOCK
    _RNG_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_unlocked)


def effective_algorithm(options: BoundaryOptions) -> str:
    """The algorithm a run really uses: Leiden falls back to Louvain without igraph."""
    return options.algorithm if _igraph() is not None else "louvain"


class _Prepared(NamedTuple):
    """One graph to cut: node names, the units each node stands for, integer edge weights,
    and the algorithm's own graph of them, built once for all the runs on it."""

    nodes: list[str]
    members_of: dict[str, list[str]]
    edges: dict[tuple[int, int], int]
    graph: object


def _prepare(units: Sequence[str], totals: Iterable[tuple[tuple[str, str], int]],
             options: BoundaryOptions) -> _Prepared:
    """The graph of `units`; the `together` groups are contracted to one node first.

    `totals` are `_totals` of the weights: integer pair weights in the order of the pairs."""
    representative = {u: u for u in units}
    for group in options.together:
        members = _groups(group, units)
        for member in members[1:]:
            representative[member] = members[0]
    nodes = sorted(set(representative.values()))
    index = {name: i for i, name in enumerate(nodes)}
    position = {unit: index[rep] for unit, rep in representative.items()}
    edges: dict[tuple[int, int], int] = {}
    for (a, b), total in totals:
        x, y = position.get(a), position.get(b)
        if x is None or y is None or x == y:
            continue
        if x > y:
            x, y = y, x
        edges[(x, y)] = edges.get((x, y), 0) + total
    members_of: dict[str, list[str]] = defaultdict(list)
    for unit, rep in representative.items():
        members_of[rep].append(unit)
    return _Prepared(nodes, dict(members_of), edges, _graph(len(nodes), edges, options))


#: A tie of co-change alone weaker than this share of one import tie (after the cap) is left
#: out of the graph the community detection sees. On long histories such ties are most of the
#: edges (sympy: 14,300 of 19,900, a third of co-change's weight) and the detection's time
#: grows with the edges; no one of them can place a module. Measured in adr/0018.
WEAK_COCHANGE = 0.05


def _totals(weights: Mapping[tuple[str, str], Sequence[float]]
            ) -> list[tuple[tuple[str, str], int]]:
    """Pair -> its weight in thousandths, in the order of the pairs; zero weights and weak
    co-change-only ties left out.

    Integer weights: networkx's Louvain can move a node back and forth forever when float
    gains tie up to rounding; sums of integers are exact."""
    weak = round(1000 * WEAK_COCHANGE)
    rounded = ((pair, round(1000 * (w_import + w_cochange)), w_import)
               for pair, (w_import, w_cochange) in sorted(weights.items()))
    return [(pair, total) for pair, total, structural in rounded
            if total >= (1 if structural else weak)]


def _cluster(prepared: _Prepared, options: BoundaryOptions, seed: int) -> list[list[str]]:
    """Communities of the prepared graph's units, for one seed."""
    found = _consensus(prepared, options, seed)
    nodes, members_of = prepared.nodes, prepared.members_of
    return [sorted(u for i in community for u in members_of[nodes[i]]) for community in found]


def _consensus(prepared: _Prepared, options: BoundaryOptions, seed: int) -> list[set[int]]:
    """Leiden or Louvain made steady by consensus (after Lancichinetti & Fortunato 2012).

    Either result depends on the order nodes are visited. Run it `tries` times (0: ten times
    up to 1,000 nodes, three above), keep each edge weighted by the share of runs that put its
    two ends together, and cut that graph once more. Ties every run agrees on stay strong;
    coin-toss ties fade. A node left alone by the last cut joins its strongest neighbour.
    """
    size, edges, graph = len(prepared.nodes), prepared.edges, prepared.graph
    runs = options.tries or (10 if size <= 1000 else 3)
    if not edges or runs == 1:
        return _run(graph, options, seed)
    keys = list(edges)
    first, second = [x for x, _y in keys], [y for _x, y in keys]
    together = [0] * len(keys)
    for attempt in range(runs):
        label = _membership(graph, size, options, seed + 7919 * attempt)
        same = map(operator.eq, map(label.__getitem__, first), map(label.__getitem__, second))
        together = list(map(operator.add, together, same))
    steady = {pair: weight * count for pair, weight, count
              in zip(keys, edges.values(), together, strict=True) if count}
    found = _communities(size, steady, options, seed)
    label = _labels(found)
    alone = {node for community in found if len(community) == 1 for node in community}
    strongest: dict[int, tuple[int, int]] = {}
    for (x, y), w in edges.items() if alone else ():
        for node, other in ((x, y), (y, x)):
            if node in alone and (w, -other) > strongest.get(node, (0, 0)):
                strongest[node] = (w, -other)
    for community in found:
        (node,) = community if len(community) == 1 else (None,)
        if node is not None and node in strongest:
            label[node] = label[-strongest[node][1]]
    merged: dict[int, set[int]] = defaultdict(set)
    for node, number in label.items():
        merged[number].add(node)
    return list(merged.values())


def _labels(communities: Iterable[set[int]]) -> dict[int, int]:
    return {node: number for number, community in enumerate(communities) for node in community}


def _graph(size: int, edges: Mapping[tuple[int, int], int], options: BoundaryOptions
           ) -> object:
    """The graph one algorithm cuts, built once for all the runs on the same edges."""
    if effective_algorithm(options) == "louvain":
        import networkx as nx  # only for Louvain: its import costs a fifth of a second

        graph = nx.Graph()
        graph.add_nodes_from(range(size))
        graph.add_weighted_edges_from((x, y, w) for (x, y), w in edges.items())
        return graph
    cut = _igraph().Graph(n=size, edges=list(edges))
    cut.es["weight"] = list(edges.values())
    return cut


def _membership(graph: object, size: int, options: BoundaryOptions, seed: int) -> list[int]:
    """Node -> community number of one seeded cut of `graph`."""
    if effective_algorithm(options) != "louvain":
        return _leiden(graph, options, seed)
    label = [0] * size
    for number, community in enumerate(_run(graph, options, seed)):
        for node in community:
            label[node] = number
    return label


def _communities(
    size: int, edges: Mapping[tuple[int, int], int], options: BoundaryOptions, seed: int
) -> list[set[int]]:
    """One seeded cut of nodes 0..size-1 joined by `edges` (integer weights)."""
    return _run(_graph(size, edges, options), options, seed)


def _run(graph: object, options: BoundaryOptions, seed: int) -> list[set[int]]:
    if effective_algorithm(options) == "louvain":
        import networkx as nx

        return nx.community.louvain_communities(
            graph, weight="weight", resolution=options.resolution, seed=seed)
    members: dict[int, set[int]] = defaultdict(set)
    for node, label in enumerate(_leiden(graph, options, seed)):
        members[label].add(node)
    return list(members.values())


def _leiden(graph: object, options: BoundaryOptions, seed: int) -> list[int]:
    """Node -> community number of one seeded Leiden run on an igraph graph."""
    # igraph draws its random numbers from one process-wide generator: lend it a seeded one,
    # one run at a time (the app may cluster in several threads).
    igraph = _igraph()
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            found = graph.community_leiden(
                objective_function="modularity", weights="weight",
                resolution=options.resolution, n_iterations=-1)
        finally:
            igraph.set_random_number_generator(random)
    return list(found.membership)


def _kernel_candidates(
    signals: Signals, assignment: Mapping[str, str], share: float
) -> set[str]:
    """Modules imported from at least `share` of the other boundaries, and from three or more."""
    services = {b for b in assignment.values() if b not in (KERNEL, ISOLATED)}
    if len(services) < 4:
        return set()
    needed = max(3, math.ceil(share * (len(services) - 1)))
    importers: dict[str, set[str]] = defaultdict(set)
    for importer, imported in signals.imports:
        source, target = assignment.get(importer), assignment.get(imported)
        if source is not None and target is not None and source != target:
            importers[imported].add(source)
    return {module for module, where in importers.items() if len(where) >= needed}


def propose(signals: Signals, options: BoundaryOptions = BoundaryOptions(),
            seed: int | None = None,
            plan: Plan | None = None) -> Proposal:
    """Cut the modules into candidate boundaries; deterministic for a given seed.

    `plan`, when given, must be a `Plan` of these signals and options."""
    return build_proposal(signals, cut(signals, options, seed, plan=plan), options)


class Plan:
    """What every cut of the same signals, options and weights shares, whatever its seed:
    the units, the omnipresent ones, and each graph the cut clusters (built once, kept by the
    units it leaves out). Re-runs with other seeds pass one plan to `cut`."""

    def __init__(self, signals: Signals, options: BoundaryOptions,
                 weights: Mapping[tuple[str, str], Sequence[float]] | None = None,
                 like: Plan | None = None) -> None:
        """`weights`, when given, must be `combined_weights` of these signals and options;
        `like`, a plan of the same options and of signals with the same modules, imports and
        links (another history): what depends on the code alone is taken from it."""
        self.structural = (structural_weights(signals, options) if like is None
                           else like.structural)
        self.weights = (combined_weights(signals, options, self.structural) if weights is None
                        else weights)
        self.units = sorted({unit_of(m, options) for m in signals.modules})
        self.tied = {u for pair in self.weights for u in pair}
        # Omnipresent as in Bunch: by the import graph. A package tied to each of its own
        # modules (containment, app membership) is what holds them together, not a hub.
        self.hubs = (omnipresent(_import_pairs(signals, options)) if like is None
                     else like.hubs)
        self.wiring = wiring_pairs(signals) if like is None else like.wiring
        cut_weights, self.hub_weights = {}, {}  # the ties of hubs, for `_attach`
        for pair, weight in self.weights.items():
            hub = pair[0] in self.hubs or pair[1] in self.hubs
            (self.hub_weights if hub else cut_weights)[pair] = weight
        self._totals = _totals(cut_weights)  # the cut's graph without hubs, once
        self.whole = whole_units(signals) if like is None else like.whole  # kept whole
        self._options = options
        self._graphs: dict[frozenset[str], _Prepared] = {}
        self._near: Adjacency | None = None

    def near(self, signals: Signals) -> Adjacency:
        """The units' neighbours, for merging small boundaries (built once)."""
        if self._near is None:
            self._near = adjacency(signals, self.weights, self._options)
        return self._near

    def graph_without(self, left_out: frozenset[str]) -> _Prepared:
        """The graph of the units not in `left_out` (hubs' ties always removed)."""
        if left_out not in self._graphs:
            units = [u for u in self.units if u not in left_out]
            totals = ([(p, t) for p, t in self._totals
                       if p[0] not in left_out and p[1] not in left_out]
                      if left_out else self._totals)
            self._graphs[left_out] = _prepare(units, totals, self._options)
        return self._graphs[left_out]


def _import_pairs(signals: Signals, options: BoundaryOptions) -> dict[tuple[str, str], list[float]]:
    """Undirected unit pairs joined by an import line (for `omnipresent`)."""
    pairs: dict[tuple[str, str], list[float]] = {}
    for importer, imported in signals.imports:
        a, b = unit_of(importer, options), unit_of(imported, options)
        if a != b:
            pairs[(a, b) if a < b else (b, a)] = [1.0, 0.0]
    return pairs


def cut(signals: Signals, options: BoundaryOptions = BoundaryOptions(),
        seed: int | None = None,
        weights: Mapping[tuple[str, str], Sequence[float]] | None = None,
        plan: Plan | None = None) -> dict[str, str]:
    """Module -> provisional label (KERNEL and ISOLATED included), without names or reasons.

    `weights`, when given, must be `combined_weights(signals, options)`; `plan`, when given,
    a `Plan` of these signals and options (re-runs share it).
    """
    seed = options.seed if seed is None else seed
    plan = Plan(signals, options, weights) if plan is None else plan
    weights, hubs, tied = plan.weights, plan.hubs, plan.tied
    first = _cluster(plan.graph_without(frozenset()), options, seed)
    assignment = _assign(signals, first, options, tied)
    kernel = _kernel_candidates(signals, assignment, options.kernel_share)
    kernel_units = frozenset(unit_of(m, options) for m in kernel)
    if kernel_units:  # without a kernel the second cut would be the first one again
        # A module tied only to the kernel is not isolated: it is cut alone, then merged.
        second = _cluster(plan.graph_without(kernel_units), options, seed)
        assignment = _assign(signals, second, options, tied)
    for module in signals.modules:
        if unit_of(module, options) in kernel_units:
            assignment[module] = KERNEL
    assignment = _attach(assignment, signals, hubs - kernel_units, plan.hub_weights, options)
    for module in _hub_kernel(signals, assignment, hubs, options):
        assignment[module] = KERNEL
    for module in (*composition_roots(signals, assignment, plan.wiring), *signals.roots):
        if module in assignment:
            assignment[module] = KERNEL
    assignment = rejoin(assignment, plan.whole)
    assignment = _merge_small(assignment, signals, weights, options, plan.near(signals))
    return _keep_apart(assignment, signals, options)


def _assign(
    signals: Signals, communities: list[list[str]], options: BoundaryOptions, tied: set[str]
) -> dict[str, str]:
    """Module -> provisional label; units with no ties at all go to the isolated group."""
    assignment: dict[str, str] = {}
    unit_label: dict[str, str] = {}
    for number, community in enumerate(sorted(communities, key=lambda c: (-len(c), c))):
        for unit in community:
            unit_label[unit] = ISOLATED if unit not in tied else f"c{number}"
    for module in signals.modules:
        assignment[module] = unit_label.get(unit_of(module, options), ISOLATED)
    return assignment


