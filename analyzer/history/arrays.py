"""numpy helpers for the counts of `commitsets` (pure): distinct integer codes by sorting, and
ownership counted over flat (commit, path) arrays, to the same results as `ownership.own`.

`np.unique` finds the distinct values of an integer array by hashing, then sorts them: several
times slower than one sort here, so the distinct codes are found with a sort and a comparison
of neighbours (same values, same order).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analyzer.model import Ownership


def distinct(np: Any, codes: Any) -> Any:
    """The distinct values of `codes`, ascending (what `np.unique(codes)` gives)."""
    ordered = np.sort(codes)
    if len(ordered) < 2:
        return ordered
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new]


def distinct_counts(np: Any, codes: Any) -> tuple[Any, Any]:
    """The distinct values of `codes`, ascending, and how often each occurs (int64)."""
    ordered = np.sort(codes)
    edge = np.empty(len(ordered) + 1, dtype=bool)
    edge[0] = edge[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=edge[1:-1])
    where = np.flatnonzero(edge)
    return ordered[where[:-1]], np.diff(where).astype(np.int64)


def distinct_sums(np: Any, codes: Any, weights: Any) -> tuple[Any, Any, Any]:
    """`distinct_counts` of `codes`, and the sum of the (integer) `weights` of each."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    edge = np.empty(len(ordered) + 1, dtype=bool)
    edge[0] = edge[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=edge[1:-1])
    where = np.flatnonzero(edge)
    sums = np.add.reduceat(weights[order], where[:-1]) if len(ordered) else weights[:0]
    return ordered[where[:-1]], np.diff(where).astype(np.int64), sums


def rounded(np: Any, values: Any, decimals: int) -> list[float]:
    """`[round(v, decimals) for v in values.tolist()]`, rounding each distinct value once."""
    if len(values) == 0:
        return []
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    once = np.array([round(v, decimals) for v in ordered[new].tolist()], dtype=np.float64)
    result = np.empty(len(values), dtype=np.float64)
    result[order] = once[np.cumsum(new) - 1]
    return result.tolist()


def owners(np: Any, commit: Any, unit: Any, names: Sequence[str], author_of: Any,
           authors: Sequence[str]) -> tuple[Ownership, ...]:
    """Ownership of every unit, sorted by name, from one entry per (commit, unit) touched.

    `commit` and `unit` are parallel integer arrays (units numbered in the order of `names`,
    which is sorted; repeats allowed, they count once); `author_of[commit]` numbers the commit's
    author in `authors`, also sorted. The same as `own` over those commits.
    """
    if len(commit) == 0:
        return ()
    width = max(len(names), 1)
    codes = distinct(np, commit * width + unit)  # a commit touching a unit twice counts once
    unit = codes % width
    pair_width = max(len(authors), 1)
    pairs, count = distinct_counts(np, unit * pair_width + author_of[codes // width])
    unit, author = pairs // pair_width, pairs % pair_width
    # Per unit (ascending), authors by count descending, then by name (numbers follow names).
    order = np.lexsort((author, -count, unit))
    unit, author, count = unit[order], author[order], count[order]
    start = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
    total = np.add.reduceat(count, start)
    covered = np.cumsum(count)
    before = np.repeat(covered[start] - count[start], np.diff(np.r_[start, len(unit)]))
    # Smallest k whose k first authors made more than half: 1 + those still at or below half.
    within = 2 * (covered - before) <= np.repeat(total, np.diff(np.r_[start, len(unit)]))
    bus = np.add.reduceat(within.astype(np.int64), start) + 1
    share = count[start] / total
    rows = list(zip([authors[a] for a in author.tolist()], count.tolist(), strict=True))
    bounds = np.r_[start, len(unit)].tolist()
    main = author[start].tolist()
    return tuple(
        Ownership(
            path_or_package=names[u],
            revisions=t,
            authors=tuple(rows[bounds[i]:bounds[i + 1]]),
            main_author=authors[m],
            main_author_share=s,
            bus_factor=b,
        )
        for i, (u, t, m, s, b) in enumerate(zip(unit[start].tolist(), total.tolist(), main,
                                                share.tolist(), bus.tolist(), strict=True))
    )
