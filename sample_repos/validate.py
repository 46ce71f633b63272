"""Check the planned history against the promises the truth file makes."""

from __future__ import annotations

from collections import Counter

from sample_repos.graph import undirected_neighbors
from sample_repos.model import NOISE_KINDS, Module, Plant, Step

HIDDEN_MIN = 8
UNRELATED_MAX = 2


def check_cochange(steps: list[Step], modules: list[Module], plant: Plant) -> None:
    """Hidden pairs co-change often; other cross-service pairs without an import rarely."""
    service = {m.fid: m.service for m in modules if m.service is not None}
    neighbors = undirected_neighbors(modules)
    counts: Counter[tuple[str, str]] = Counter()
    for step in steps:
        if step.kind in NOISE_KINDS:
            continue
        fids = sorted({fid for fid in step.fids() if fid in service})
        for i, first in enumerate(fids):
            for second in fids[i + 1 :]:
                counts[(first, second)] += 1
    hidden = set(plant.hidden)
    for pair in plant.hidden:
        if counts[pair] < HIDDEN_MIN:
            raise RuntimeError(f"hidden pair {pair} co-changes only {counts[pair]} times")
    for (first, second), count in counts.items():
        if count <= UNRELATED_MAX or (first, second) in hidden:
            continue
        if service[first] != service[second] and second not in neighbors[first]:
            raise RuntimeError(f"unrelated pair {first}, {second} co-changes {count} times")
