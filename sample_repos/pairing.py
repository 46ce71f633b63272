"""Group planned module edits into ordinary feature commits.

A feature commit is one team's work: it starts at one module and now and then grows to up to
``MAX_GROUP`` modules. The second module is, with ``cross_prob``, one of another service that
the first imports or is imported by (a change rippling across an import, which ends the
commit: two services' modules without an import between them never share one); otherwise, with
``link_prob``, one of the same service linked by an import to a member; otherwise any module of
the same service (a feature touching a view and a repository with no import between them).
So the sample's co-change looks like a team's history: dense inside a service, thin across it.
Test files are added later by the planner; tangled and hidden-coupling commits are planned
elsewhere.
"""

from __future__ import annotations

import random

MAX_GROUP = 4


def edit_groups(
    units: dict[str, int],
    neighbors: dict[str, list[str]],
    service: dict[str, str | None],
    rng: random.Random,
    pair_prob: float,
    grow_prob: float = 0.45,
    cross_prob: float = 0.15,
    link_prob: float = 0.6,
) -> list[tuple[str, ...]]:
    """Each unit is one edit of a module; a commit grows along imports (see module doc)."""
    pool = [fid for fid, count in units.items() for _ in range(count)]
    rng.shuffle(pool)
    left = dict(units)
    teams: dict[str | None, list[str]] = {}
    for fid in sorted(units):
        teams.setdefault(service.get(fid), []).append(fid)
    groups: list[tuple[str, ...]] = []
    for fid in pool:
        if left[fid] == 0:
            continue
        left[fid] -= 1
        group = [fid]
        chance = pair_prob
        while len(group) < MAX_GROUP and rng.random() < chance:
            other = _next_member(
                group, neighbors, service, left, teams, rng, cross_prob, link_prob)
            if other is None:
                break
            left[other] -= 1
            group.append(other)
            chance = grow_prob if service.get(other) == service.get(fid) else 0.0
        groups.append(tuple(group))
    return groups


def _next_member(
    group: list[str],
    neighbors: dict[str, list[str]],
    service: dict[str, str | None],
    left: dict[str, int],
    teams: dict[str | None, list[str]],
    rng: random.Random,
    cross_prob: float,
    link_prob: float,
) -> str | None:
    home = service.get(group[0])
    linked = sorted(
        {
            other
            for member in group
            for other in neighbors.get(member, ())
            if left.get(other, 0) > 0 and other not in group
        }
    )
    across = [other for other in linked if service.get(other) != home and len(group) == 1]
    if across and rng.random() < cross_prob:
        return rng.choice(across)
    inside = [other for other in linked if service.get(other) == home]
    if inside and rng.random() < link_prob:
        return rng.choice(inside)
    team = [fid for fid in teams.get(home, ()) if left[fid] > 0 and fid not in group]
    return rng.choice(team) if team else None


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
