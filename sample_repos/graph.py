"""Plant the import graph: layered imports inside services plus a share of cross-service ones.

Modules only import modules created before them, so the graph is acyclic and every
import resolves at the commit that creates the importer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sample_repos.model import (
    FROM_PACKAGE,
    FROM_SYMBOL,
    KERNEL,
    RELATIVE,
    SIMPLE_CHURNY,
    ImportRef,
    Module,
)

# Which layers a module of each layer may import (besides the shared kernel).
ALLOWED = {
    "api": ("domain", "db", "tasks"),
    "domain": ("domain", "db"),
    "tasks": ("domain", "db"),
    "db": ("db",),
}


@dataclass(frozen=True)
class GraphSpec:
    """Out-degree ranges and import styles of a scenario."""

    intra: dict[str, tuple[int, int]]
    kernel: tuple[int, int]
    styles: tuple[tuple[str, float], ...]
    relative_share: float


def plant_imports(
    modules: list[Module], rng: random.Random, cross_rate: float, spec: GraphSpec
) -> None:
    """Fill ``module.imports`` for every module; cross-service share is ``cross_rate``."""
    services = [m for m in modules if m.service is not None]
    kernel = [m for m in modules if m.role == KERNEL]
    edges: dict[tuple[str, str], None] = {}
    _intra_edges(services, rng, spec, edges)
    intra = len(edges)
    wanted = round(cross_rate * intra / (1.0 - cross_rate)) if cross_rate < 1 else 0
    _cross_edges(services, rng, wanted, edges)
    _kernel_edges(kernel, services, rng, spec, edges)
    by_dotted = {m.dotted: m for m in modules}
    targets: dict[str, list[Module]] = {m.dotted: [] for m in modules}
    for source, target in edges:
        targets[source].append(by_dotted[target])
    for module in modules:
        chosen = sorted(targets[module.dotted], key=lambda t: t.dotted)
        module.imports = [_import_ref(module, target, rng, spec) for target in chosen]


def _intra_edges(
    services: list[Module], rng: random.Random, spec: GraphSpec, edges: dict[tuple[str, str], None]
) -> None:
    pools: dict[tuple[str, str], list[Module]] = {}
    for module in services:
        pools.setdefault((module.service or "", module.layer), []).append(module)
    for module in services:
        low, high = (0, 0) if module.role == SIMPLE_CHURNY else spec.intra[module.layer]
        candidates = [
            target
            for layer in ALLOWED[module.layer]
            for target in pools.get((module.service or "", layer), [])
            if target.created < module.created
        ]
        count = min(rng.randint(low, high), len(candidates))
        for target in rng.sample(candidates, count):
            edges[(module.dotted, target.dotted)] = None


def _cross_edges(
    services: list[Module], rng: random.Random, wanted: int, edges: dict[tuple[str, str], None]
) -> None:
    by_layer: dict[str, list[Module]] = {}
    for module in services:
        by_layer.setdefault(module.layer, []).append(module)
    sources = [m for m in services if m.role != SIMPLE_CHURNY]
    made, attempts = 0, 0
    while made < wanted and sources and attempts < wanted * 80 + 200:
        attempts += 1
        source = rng.choice(sources)
        pool = by_layer.get(rng.choice(ALLOWED[source.layer]), [])
        if not pool:
            continue
        target = rng.choice(pool)
        if target.service == source.service or target.created >= source.created:
            continue
        if (source.dotted, target.dotted) in edges:
            continue
        edges[(source.dotted, target.dotted)] = None
        made += 1


def _kernel_edges(
    kernel: list[Module],
    services: list[Module],
    rng: random.Random,
    spec: GraphSpec,
    edges: dict[tuple[str, str], None],
) -> None:
    for index, module in enumerate(kernel):
        if index and rng.random() < 0.5:
            edges[(module.dotted, rng.choice(kernel[:index]).dotted)] = None
    for module in services:
        low, high = spec.kernel
        if module.role == SIMPLE_CHURNY:
            low, high = min(low, 1), min(high, 1)
        for target in rng.sample(kernel, min(rng.randint(low, high), len(kernel))):
            edges[(module.dotted, target.dotted)] = None


def _import_ref(source: Module, target: Module, rng: random.Random, spec: GraphSpec) -> ImportRef:
    same_folder = source.path.rpartition("/")[0] == target.path.rpartition("/")[0]
    if same_folder and source.service == target.service and rng.random() < spec.relative_share:
        style = RELATIVE
    elif target.role == KERNEL:
        style = rng.choice((FROM_SYMBOL, FROM_PACKAGE))
    else:
        names = [name for name, _ in spec.styles]
        style = rng.choices(names, weights=[weight for _, weight in spec.styles], k=1)[0]
    return ImportRef(target.dotted, target.symbol, target.kind, style)


def service_edges(modules: list[Module]) -> tuple[int, int]:
    """(edges between service modules, of which cross-service) as planted."""
    service_of = {m.dotted: m.service for m in modules}
    total = cross = 0
    for module in modules:
        if module.service is None:
            continue
        for ref in module.imports:
            target_service = service_of.get(ref.module)
            if target_service is None:
                continue
            total += 1
            cross += target_service != module.service
    return total, cross


def undirected_neighbors(modules: list[Module]) -> dict[str, list[str]]:
    """Module fid -> fids it imports or is imported by (sorted)."""
    fid_of = {m.dotted: m.fid for m in modules}
    found: dict[str, set[str]] = {m.fid: set() for m in modules}
    for module in modules:
        for ref in module.imports:
            other = fid_of[ref.module]
            found[module.fid].add(other)
            found[other].add(module.fid)
    return {fid: sorted(others) for fid, others in found.items()}
