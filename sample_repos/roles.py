"""Choose which modules play the planted roles (hotspots, decoys, hidden couplings...)."""

from __future__ import annotations

import random
from collections.abc import Callable

from sample_repos.graph import undirected_neighbors
from sample_repos.model import (
    COMPLEX_STABLE,
    HOTSPOT,
    NORMAL,
    SIMPLE_CHURNY,
    Module,
    Plant,
)


def pick(
    rng: random.Random,
    candidates: list[Module],
    count: int,
    used: set[str],
    before: float = 1.0,
) -> list[Module]:
    """Up to ``count`` unused candidates, preferring distinct services and early creation."""
    chosen: list[Module] = []
    services: list[str | None] = []
    passes = (
        lambda m: m.created < before and m.service not in services,
        lambda m: m.service not in services,
        lambda m: True,
    )
    for accept in passes:
        pool = [m for m in candidates if m.fid not in used and accept(m)]
        rng.shuffle(pool)
        for module in pool:
            if len(chosen) == count:
                return chosen
            if accept(module) and module.fid not in used:
                chosen.append(module)
                services.append(module.service)
                used.add(module.fid)
    return chosen


def assign_pre_graph(
    modules: list[Module], rng: random.Random, hotspots: int, decoys: int, used: set[str]
) -> Plant:
    """Roles that shape the import graph or module size: hotspots and decoys."""
    classes = [m for m in modules if m.service is not None and m.kind == "class"]
    domain = [m for m in classes if m.layer == "domain"]
    plant = Plant()
    for module in pick(rng, domain, hotspots, used, before=0.35):
        module.role = HOTSPOT
        plant.hotspots.append(module.fid)
    for module in pick(rng, domain, decoys, used, before=0.35):
        module.role = SIMPLE_CHURNY
        module.extras = []
        plant.simple_churny.append(module.fid)
    stable_pool = [m for m in classes if m.layer in ("domain", "db")]
    for module in pick(rng, stable_pool, decoys, used, before=0.7):
        module.role = COMPLEX_STABLE
        plant.complex_stable.append(module.fid)
    return plant


def assign_post_graph(
    modules: list[Module],
    rng: random.Random,
    plant: Plant,
    used: set[str],
    hidden_pairs: int,
    lint_targets: int,
    rename_to: Callable[[Module], str],
) -> None:
    """Roles that depend on the import graph: the renamed module, hidden pairs, lint targets."""
    normal = [m for m in modules if m.service is not None and m.role == NORMAL]
    imported = {ref.module for m in modules for ref in m.imports}
    api = [m for m in normal if m.layer == "api" and m.dotted not in imported]
    renamed = pick(rng, api, 1, used, before=0.3)
    if renamed:
        plant.renamed = (renamed[0].fid, rename_to(renamed[0]))
    plant.hidden = _hidden_pairs(modules, normal, rng, hidden_pairs, used)
    plant.lint_targets = [m.fid for m in pick(rng, normal, lint_targets, used, before=0.4)]


def _hidden_pairs(
    modules: list[Module], normal: list[Module], rng: random.Random, count: int, used: set[str]
) -> list[tuple[str, str]]:
    neighbors = undirected_neighbors(modules)
    early = [m for m in normal if m.created < 0.5] or normal
    pairs: list[tuple[str, str]] = []
    service_pairs: list[tuple[str, str]] = []
    for attempt in range(count * 400):
        if len(pairs) == count:
            break
        pool = [m for m in early if m.fid not in used]
        if len(pool) < 2:
            break
        first, second = rng.sample(pool, 2)
        if first.service == second.service or second.fid in neighbors[first.fid]:
            continue
        low_service, high_service = sorted((first.service or "", second.service or ""))
        key = (low_service, high_service)
        if key in service_pairs and attempt < count * 200:
            continue
        service_pairs.append(key)
        used.update((first.fid, second.fid))
        low, high = sorted((first.fid, second.fid))
        pairs.append((low, high))
    return pairs
