"""Backtest: would the cut have held on the commits that came after it? (pure)

The definitions of QUALITY.md, "Backtest: would the cut have held?":

    a change       = the set of analysed modules one commit after the cut-off touched
    counted        = changes touching >= 1 module placed in a service (modules assigned to
                     the kernel or the isolated group, or to nothing, are set aside)
    crossing share = counted changes touching >= 2 distinct services / counted
    random share   = mean crossing share of 5 random partitions of the same placed modules
                     into groups of the same sizes
    lift           = 1 - share / random share      (0 = no better than chance, 1 = no crossing)

The package tree is cut at the depth whose number of groups is closest to the proposal's
number of services (ties: the shallower depth). A proposal earns its keep when its lift beats
the package tree's.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Labels whose modules are set aside: they are not placed in a service.
IGNORED = frozenset({"kernel", "isolated"})
#: Random partitions averaged for a partition's random share.
RUNS = 5
DIGITS = 4


def crossing_share(changes: Iterable[Iterable[str]], assignment: Mapping[str, str],
                   ignore: frozenset[str] = IGNORED) -> tuple[float | None, int]:
    """(crossing share, counted) of `changes` under `assignment` (module -> service).

    counted = changes touching >= 1 module whose label is not in `ignore` (unmapped modules
    are set aside too); share = counted changes touching >= 2 distinct services / counted,
    None when nothing was counted.
    """
    crossing, counted = _count(changes, assignment, ignore)
    return (crossing / counted if counted else None), counted


def package_depths(modules: Iterable[str]) -> dict[int, int]:
    """Depth -> number of groups of the package tree cut that many dotted names deep."""
    names = sorted(set(modules))
    deepest = max((name.count(".") + 1 for name in names), default=0)
    return {depth: len({_prefix(name, depth) for name in names})
            for depth in range(1, deepest + 1)}


#: A package tree cut leaving this share of the modules or more in one group is no split
#: (a large core app is one, at about half of the code).
SPLIT_SHARE = 0.8


def package_depth(modules: Iterable[str], groups: int) -> int:
    """The depth whose number of groups is closest to `groups` by ratio (min |log(groups(d) /
    groups)|: 3 groups are as far from 15 as 75 are), ties to the shallower depth, among the
    depths that split the modules: two groups or more, none holding SPLIT_SHARE of them or
    more (a project package beside two stray scripts is no split; one group cannot cross). Where
    no depth splits so, the depths with two groups or more; 1 for no modules, and the
    deepest when no depth has two groups."""
    names = sorted(set(modules))
    counts = package_depths(names)
    if not counts:
        return 1
    several = {depth: n for depth, n in counts.items() if n >= 2}
    if not several:
        return max(counts)
    split = {depth: n for depth, n in several.items()
             if max(Counter(_prefix(name, depth) for name in names).values())
             < SPLIT_SHARE * len(names)}
    chosen = split or several
    target = max(groups, 1)
    return min(chosen, key=lambda depth: (abs(math.log(chosen[depth] / target)), depth))


def package_partition(modules: Iterable[str], groups: int) -> dict[str, str]:
    """Module -> its package prefix, at the depth `package_depth` picks for `groups`.

    A module with fewer dotted names than the depth is its own prefix.
    """
    names = sorted(set(modules))
    depth = package_depth(names, groups)
    return {name: _prefix(name, depth) for name in names}


def random_partitions(modules: Iterable[str], sizes: Sequence[int], runs: int = RUNS,
                      seed: int = 0) -> list[dict[str, str]]:
    """`runs` random partitions of `modules` into groups of exactly `sizes` (labels r01, ...).

    One `random.Random(seed)` shuffles the sorted modules for each run in turn: the same
    inputs give the same partitions. The sizes must add up to the number of modules.
    """
    names = sorted(set(modules))
    if sum(sizes) != len(names) or any(size < 1 for size in sizes):
        raise ValueError(f"group sizes {list(sizes)} do not partition {len(names)} modules")
    rng = random.Random(seed)
    partitions = []
    for _run in range(runs):
        shuffled = list(names)
        rng.shuffle(shuffled)
        partition: dict[str, str] = {}
        start = 0
        for number, size in enumerate(sizes, start=1):
            partition.update((m, f"r{number:02d}") for m in shuffled[start:start + size])
            start += size
        partitions.append(dict(sorted(partition.items())))
    return partitions


def lift(share: float | None, random_share: float | None) -> float | None:
    """1 - share / random_share; None when either is missing or random_share is 0."""
    if share is None or not random_share:
        return None
    return 1 - share / random_share


def group_sizes(assignment: Mapping[str, str], ignore: frozenset[str] = IGNORED) -> list[int]:
    """Sizes of the groups modules are placed in (ignored labels left out), largest first."""
    counts = Counter(label for label in assignment.values() if label not in ignore)
    return sorted(counts.values(), reverse=True)


def score(changes: Sequence[frozenset[str]], assignment: Mapping[str, str], *,
          seed: int = 0, runs: int = RUNS, ignore: frozenset[str] = IGNORED) -> dict[str, Any]:
    """One partition's row: groups, placed modules, counted, crossing share, random share
    (mean over `runs` random partitions of its placed modules with its group sizes), lift."""
    placed = {m: label for m, label in assignment.items() if label not in ignore}
    crossing, counted = _count(changes, placed, ignore)
    share = crossing / counted if counted else None
    sizes = group_sizes(placed, ignore)
    shares = [crossing_share(changes, partition, ignore)[0]
              for partition in random_partitions(placed, sizes, runs, seed)] if placed else []
    known = [s for s in shares if s is not None]
    random_share = sum(known) / len(known) if known else None
    return {
        "groups": len(sizes), "modules": len(placed), "counted": counted,
        "crossing": crossing,
        "share": _round(share), "random_share": _round(random_share),
        "lift": _round(lift(share, random_share)),
    }


def backtest(changes: Iterable[Iterable[str]], proposal: Mapping[str, str],
             apps: Mapping[str, str] | None = None, seed: int = 0) -> dict[str, Any]:
    """The backtest's figures for the proposal, the package tree and (given) the apps.

    `changes` are the commits after the cut-off as sets of analysed modules; `proposal` maps
    every analysed module to its boundary id ("kernel" and "isolated" set aside); `apps` maps
    modules to declared apps (modules it leaves out are set aside). The package tree covers
    every module of the proposal (nothing set aside) and is cut at the depth closest to the
    proposal's number of services. Figures are rounded to 4 decimals;
    `proposal_beats_package_tree` is None when a lift is undefined.
    """
    futures = [frozenset(change) for change in changes]
    rows: dict[str, dict[str, Any]] = {"proposal": score(futures, proposal, seed=seed)}
    groups = rows["proposal"]["groups"]
    tree = package_partition(proposal, groups)
    # Package and app names are not boundary ids: a package called "kernel" is still placed.
    rows["package_tree"] = {**score(futures, tree, seed=seed, ignore=frozenset()),
                            "depth": package_depth(proposal, groups)}
    if apps is not None:
        declared = {m: label for m, label in apps.items() if isinstance(label, str)}
        rows["apps"] = score(futures, declared, seed=seed, ignore=frozenset())
    mine, theirs = rows["proposal"]["lift"], rows["package_tree"]["lift"]
    return {
        "changes": len(futures),
        "touching_analysed": sum(1 for change in futures if change),
        "seed": seed, "runs": RUNS,
        "partitions": rows,
        "proposal_beats_package_tree": (None if mine is None or theirs is None
                                        else mine > theirs),
    }


def _count(changes: Iterable[Iterable[str]], assignment: Mapping[str, str],
           ignore: frozenset[str]) -> tuple[int, int]:
    """(crossing, counted) changes: see `crossing_share`."""
    counted = crossing = 0
    for change in changes:
        services = {label for label in (assignment.get(m) for m in change)
                    if label is not None and label not in ignore}
        if services:
            counted += 1
            crossing += len(services) >= 2
    return crossing, counted


def _prefix(name: str, depth: int) -> str:
    return ".".join(name.split(".")[:depth])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)
