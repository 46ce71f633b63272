"""Group planned module edits into ordinary commits of one or two directly-imported modules."""

from __future__ import annotations

import random


def edit_groups(
    units: dict[str, int],
    neighbors: dict[str, list[str]],
    rng: random.Random,
    pair_prob: float,
) -> list[tuple[str, ...]]:
    """Each unit is one edit of a module; pairs only join modules with a direct import."""
    pool = [fid for fid, count in units.items() for _ in range(count)]
    rng.shuffle(pool)
    left = dict(units)
    groups: list[tuple[str, ...]] = []
    for fid in pool:
        if left[fid] == 0:
            continue
        left[fid] -= 1
        group: tuple[str, ...] = (fid,)
        if rng.random() < pair_prob:
            partners = [other for other in neighbors.get(fid, ()) if left.get(other, 0) > 0]
            if partners:
                other = rng.choice(partners)
                left[other] -= 1
                group = (fid, other)
        groups.append(group)
    return groups


def fit_groups(
    groups: list[tuple[str, ...]],
    target: int,
    weights: dict[str, float],
    rng: random.Random,
) -> list[tuple[str, ...]]:
    """Trim or pad ``groups`` to exactly ``target`` commits (padding edits one module)."""
    if len(groups) >= target:
        return groups[: max(target, 0)]
    names = list(weights)
    extra = rng.choices(names, weights=[weights[name] for name in names], k=target - len(groups))
    return groups + [(fid,) for fid in extra]
