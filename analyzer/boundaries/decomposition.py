"""From the import graph and the history to boundaries with their evidence (pure wiring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from analyzer.boundaries.cut import (
    ISOLATED,
    KERNEL,
    BoundaryOptions,
    Plan,
    Proposal,
    Signals,
    propose,
)
from analyzer.boundaries.evidence import (
    acyclic_cuts,
    crossings,
    extraction_plan,
)
from analyzer.boundaries.metrics import modularity, per_boundary, quality
from analyzer.boundaries.stability import Stability, agreement_with, recuts
from analyzer.boundaries.weights import combined_weights
from analyzer.history.evolution import Evolution
from analyzer.model import (
    APP_MEMBERSHIP,
    CONTAINMENT,
    ENTRY_POINT,
    MODEL_REFERENCE,
    REEXPORT,
    STRING_IMPORT,
    Decomposition,
    ImportGraph,
)


def signals_of(graph: ImportGraph, evolution: Evolution | None,
               options: BoundaryOptions = BoundaryOptions()) -> Signals:
    """The clustering's inputs: module names, import pairs, co-change degrees, and the other
    dependencies weighted by their kind's setting."""
    return signals_from(
        [m.name for m in graph.modules], [(e.importer, e.imported) for e in graph.imports],
        [(a, b, d) for a, b, d, _s in evolution.cochange] if evolution else [],
        [(d.importer, d.imported, d.kind) for d in graph.dependencies], options)


def signals_from(modules: Iterable[str], imports: Iterable[tuple[str, str]],
                 cochange: Iterable[tuple[str, str, float]],
                 dependencies: Iterable[tuple[str, str, str]], options: BoundaryOptions
                 ) -> Signals:
    """`signals_of` from plain values (as an analysis document holds them, for the what-if):
    module names, (importer, imported), (a, b, degree) and (importer, imported, kind)."""
    weight = {CONTAINMENT: options.containment_weight,
              STRING_IMPORT: options.string_import_weight,
              MODEL_REFERENCE: options.model_reference_weight,
              APP_MEMBERSHIP: options.app_membership_weight,
              ENTRY_POINT: options.string_import_weight,  # a string import, of one kind
              REEXPORT: options.reexport_weight}
    links: dict[tuple[str, str], float] = {}
    apps, roots, settings = set(), set(), set()
    for importer, imported, kind in dependencies:
        w = weight.get(kind, 0.0)
        if w > 0:
            links[(importer, imported)] = max(links.get((importer, imported), 0.0), w)
        if kind == APP_MEMBERSHIP:
            apps.add((importer, imported))
        elif kind == ENTRY_POINT:
            roots.add(imported)
            settings.add(importer)
    imports = sorted(set(imports))
    return Signals(
        modules=tuple(sorted(modules)),
        imports=tuple(imports),
        cochange=tuple(cochange),
        links=tuple((a, b, w) for (a, b), w in sorted(links.items())),
        apps=tuple(sorted(apps)),
        roots=tuple(sorted(wiring_family(roots, settings, imports))),
    )


def wiring_family(entry_points: Iterable[str], settings: Iterable[str],
                  imports: Iterable[tuple[str, str]]) -> set[str]:
    """What puts the project together, for the shared kernel: the modules the settings name
    as entry points (root URLconf, WSGI and ASGI applications), the settings modules naming
    them, the modules of a settings module's own package (or that package itself) that import
    it (`dev.py` doing `from .base import *`), and the modules inside an entry point's package
    that it imports (`urls/__init__.py` importing `urls/base.py`)."""
    entry_points, settings = set(entry_points), set(settings)
    imports = list(imports)
    family = set(entry_points)
    for importer, imported in imports:
        if importer in entry_points and _parent(imported) == importer:
            family.add(imported)
    while True:  # settings importing settings, as far as it goes
        more = {importer for importer, imported in imports
                if imported in settings and importer not in settings
                and _parent(imported) in (_parent(importer), importer)}
        if not more:
            return family | settings
        settings |= more


def _parent(module: str) -> str:
    return module.rpartition(".")[0]


def combined_edges(signals: Signals, options: BoundaryOptions) -> list[tuple[str, str, float]]:
    """The module graph the cut sees, as weighted pairs (the stronger signal per pair)."""
    weights = combined_weights(signals, replace(options, level="module"))
    return [(a, b, max(w[0], w[1])) for (a, b), w in weights.items()]


def measure(
    signals: Signals,
    assignment: Mapping[str, str],
    options: BoundaryOptions,
    shared: tuple[tuple[str, str, int], ...] = (),
    edges: list[tuple[str, str, float]] | None = None,
) -> tuple[dict[str, float | None], dict[str, dict[str, float | None]]]:
    """Overall and per-boundary quality of an assignment (QUALITY.md's definitions).

    Modularity is taken on the graph the cut sees (imports and co-change combined as in
    `boundaries`; pass `edges` from `combined_edges` to skip rebuilding it); ICP for co-change
    and REI count shared commits, as QUALITY.md's f(u, v).
    """
    counts = [(a, b, float(n)) for a, b, n in shared] or list(signals.cochange)
    figures = quality(assignment, signals.imports, counts, set_aside=(KERNEL, ISOLATED))
    figures["modularity"] = modularity(
        assignment, edges if edges is not None else combined_edges(signals, options))
    per = per_boundary(assignment, signals.imports,
                       [(a, b, 1.0) for a, b in signals.imports], counts)
    return figures, per


#: Starts work elsewhere (another process) and returns what waits for its value, or does
#: the work when asked (the same value): `analyzer.aside.start`, for one.
Elsewhere = Callable[[Callable[[], list[dict[str, str]]]], Callable[[], list[dict[str, str]]]]


def decompose(
    graph: ImportGraph,
    evolution: Evolution | None,
    options: BoundaryOptions,
    stability_seeds: int = 4,
    elsewhere: Elsewhere | None = None,
) -> Decomposition:
    """Propose boundaries, re-check them, gather the evidence for every cut and rank the cuts.

    `elsewhere`, when given, runs the later half of the stability re-cuts while this process
    makes the proposal, the earlier half and the evidence; the result is the same."""
    signals = signals_of(graph, evolution, options)
    plan = Plan(signals, options)  # weights and graphs once, for the cut and its re-runs
    halves = evolution.cochange_halves if evolution else ()
    jobs = list(range(stability_seeds + len(halves)))
    here = jobs[:stability_seeds // 2] if elsewhere else jobs
    away = jobs[len(here):]
    later = elsewhere(lambda: recuts(signals, options, plan, stability_seeds, halves, away)
                      ) if elsewhere and away else (lambda: [])
    proposal = propose(signals, options, plan=plan)
    runs = recuts(signals, options, plan, stability_seeds, halves, here)
    edges = ([(a, b, max(w[0], w[1])) for (a, b), w in plan.weights.items()]
             if options.level == "module" else None)
    found = describe(graph, evolution, signals, proposal, Stability({}, {}, 0), edges)
    stability = agreement_with(proposal, runs + later())
    return replace(found, stability=stability)


def describe(
    graph: ImportGraph,
    evolution: Evolution | None,
    signals: Signals,
    proposal: Proposal,
    stability: Stability,
    edges: list[tuple[str, str, float]] | None = None,
) -> Decomposition:
    """Evidence, cuts, plan and metrics for a given proposal (also used by what-if).

    `edges`, when given, must be `combined_edges(signals, proposal.options)`."""
    paths = {m.name: m.path for m in graph.modules}
    hidden = [(p.a, p.b, p.shared, p.degree) for p in evolution.modules.pairs
              if p.hidden] if evolution else []
    shared = tuple((a, b, n) for a, b, _d, n in evolution.cochange) if evolution else ()
    found = crossings(proposal.assignment, graph.imports, paths, signals.cochange, hidden)
    ids = [b.id for b in proposal.boundaries]
    figures, per = measure(signals, proposal.assignment, proposal.options, shared, edges)
    return Decomposition(
        proposal=proposal, stability=stability, crossings=found,
        cuts=acyclic_cuts(found, ids), plan=extraction_plan(found, ids),
        metrics=figures, boundary_metrics=per, signals=signals, cochange_shared=shared,
    )


def members(assignment: Mapping[str, str]) -> dict[str, list[str]]:
    """Boundary id -> sorted modules."""
    result: dict[str, list[str]] = defaultdict(list)
    for module in sorted(assignment):
        result[assignment[module]].append(module)
    return dict(result)
