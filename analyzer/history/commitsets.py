"""One history's commits filtered once, to count several couplings of it (pure): the same
counts as `coupling.couple` (and ownership as `ownership.own`), with numpy arrays on long
histories."""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from analyzer.history.arrays import distinct, distinct_sums, owners, rounded
from analyzer.history.coupling import (
    DEFAULT_THRESHOLDS,
    _count,
    _everything,
    _result,
)
from analyzer.history.ownership import own
from analyzer.model import CouplingPair, CouplingResult, Ownership, Revision, Thresholds

#: From this many commits on, `CommitSets` counts with numpy arrays (when numpy is there):
#: below it, importing numpy (about 0.1 s) costs more than the arrays save. Where numpy is
#: imported already (the app), from ARRAY_MIN_COMMITS_IMPORTED on. Both ways count the same.
ARRAY_MIN_COMMITS = 20000
ARRAY_MIN_COMMITS_IMPORTED = 1000


Degrees = list[tuple[str, str, float, int]]


def size_weight(units: int) -> int:
    """What one commit of `units` units (two or more) adds to each of its pairs' co-change,
    in thousandths: 1 / log2(units). A two-file change says more about a pair than a sweep
    over thirty files does about each of its 435 pairs (adr/0022)."""
    return round(1000 / math.log2(units))


class CommitSets:
    """One history's commits filtered once, to count several couplings of it.

    `couple(thresholds, key, among)` is `couple(those revisions, thresholds, include=include,
    key=key.get)` for the revisions numbered `among` (all by default); `degrees` gives every
    co-changing pair with its degree, without thresholds, and `cochange` the same rounded;
    `owners(key)` is `ownership.own(revisions, key=key.get)`. With many commits the counting is
    done with numpy arrays (`arrays=None`: when it pays and numpy can be imported), with the
    same results to the last bit: counts are integers and each degree is the same division.
    """

    def __init__(self, revisions: Sequence[Revision], include: Callable[[str], bool] =
                 _everything, max_files: int = DEFAULT_THRESHOLDS.max_files, *,
                 arrays: bool | None = None) -> None:
        self.max_files = max_files
        self._count = len(revisions)
        self._revisions = revisions
        self._authors: tuple[list[str], Any] | None = None
        self._last: tuple[Mapping[str, str] | None, Any] | None = None
        if arrays is None:
            arrays = len(revisions) >= (ARRAY_MIN_COMMITS_IMPORTED if "numpy" in sys.modules
                                        else ARRAY_MIN_COMMITS)
        self._np = _numpy() if arrays else None
        if self._np is None:
            self._sets: list[set[str] | None] = []
            for revision in revisions:
                if include is _everything:
                    files = set(revision.paths)
                else:
                    files = {path for path in revision.paths if include(path)}
                self._sets.append(files if len(files) <= max_files else None)
        else:
            self._index(revisions, include)

    # --- what is asked ----------------------------------------------------------------------

    def couple(self, thresholds: Thresholds, key: Mapping[str, str] | None = None,
               among: Sequence[int] | None = None) -> CouplingResult:
        if thresholds.max_files != self.max_files:
            raise ValueError("thresholds.max_files differs from the one the commits were "
                             "filtered with")
        if self._np is None:
            sets = self._sets if among is None else [self._sets[i] for i in among]
            return _result(_count((s for s in sets if s is not None),
                                  None if key is None else key.get),
                           sum(s is None for s in sets), thresholds)
        names, revisions, soc, a, b, shared, commits, _w = self._array_counts(key, among)
        rev = revisions.tolist()
        min_degree = thresholds.min_degree
        pairs = []
        total = revisions[a] + revisions[b]
        keep = (shared >= thresholds.min_shared) & (total >= 2 * thresholds.min_revisions)
        for x, y, n in zip(a[keep].tolist(), b[keep].tolist(), shared[keep].tolist(),
                           strict=True):
            rev_a, rev_b = rev[x], rev[y]
            degree = 2 * n / (rev_a + rev_b)
            if degree >= min_degree:
                pairs.append(CouplingPair(names[x], names[y], n, rev_a, rev_b, degree))
        pairs.sort(key=lambda p: (-p.degree, -p.shared, p.a, p.b))
        counted = revisions.nonzero()[0].tolist()
        socs = soc.tolist()
        return CouplingResult(
            pairs=tuple(pairs),
            revisions={names[i]: rev[i] for i in counted},
            sum_of_coupling={names[i]: socs[i] for i in counted},
            dropped_large=self._dropped_among(among),
            thresholds=thresholds,
            commits=commits,
        )

    def degrees(self, key: Mapping[str, str] | None = None, among: Sequence[int] | None = None,
                min_revisions: int = 0) -> Degrees:
        """(a, b, degree, shared) of every pair changed together (a < b), both changed at least
        `min_revisions` times, sorted by a and b; degree = 2 shared / (revisions a + b)."""
        if self._np is None:
            sets = self._sets if among is None else [self._sets[i] for i in among]
            counts = _count((s for s in sets if s is not None), None if key is None else key.get)
            rev = counts.revisions
            rows = [(x, y, 2 * n / (rev[x] + rev[y]), n)
                    for x, partners in counts.shared.items() for y, n in partners.items()
                    if rev[x] >= min_revisions and rev[y] >= min_revisions]
            rows.sort()
            return rows
        names, revisions, _soc, a, b, shared, _commits, _w = self._array_counts(key, among)
        keep = (revisions[a] >= min_revisions) & (revisions[b] >= min_revisions)
        rev = revisions.tolist()
        rows = [(names[x], names[y], 2 * n / (rev[x] + rev[y]), n)
                for x, y, n in zip(a[keep].tolist(), b[keep].tolist(), shared[keep].tolist(),
                                   strict=True)]
        rows.sort()  # already in this order (ids follow the names'): a cheap check of it
        return rows

    def cochange(self, key: Mapping[str, str] | None = None,
                 among: Sequence[int] | None = None, min_revisions: int = 0, *,
                 decimals: int = 4, shared: bool = True
                 ) -> tuple[tuple[str, str, float, int] | tuple[str, str, float], ...]:
        """The co-change the boundaries are cut on: (a, b, degree, shared), or (a, b, degree)
        without `shared`, for the pairs of `degrees`, sorted alike. Here each shared commit
        counts `size_weight` of its size: degree = 2 (sum of weights) / (revisions a + b),
        rounded to `decimals`."""
        np = self._np
        if np is None:
            sets = self._sets if among is None else [self._sets[i] for i in among]
            rows = _weighed((s for s in sets if s is not None), None if key is None else key.get,
                            min_revisions)
            if shared:
                return tuple((a, b, round(d, decimals), n) for a, b, d, n in rows)
            return tuple((a, b, round(d, decimals)) for a, b, d, _n in rows)
        names, revisions, _soc, a, b, n, _commits, weight = self._array_counts(key, among)
        keep = (revisions[a] >= min_revisions) & (revisions[b] >= min_revisions)
        a, b, n, weight = a[keep], b[keep], n[keep], weight[keep]
        # The same division as in Python, of the same integers (far below 2**53): same floats.
        degree = rounded(np, (2 * weight).astype(np.float64)
                         / (1000 * (revisions[a] + revisions[b])), decimals)
        # Pairs come sorted by (a, b) numbers, and numbers follow the names' order: no sort.
        first = [names[x] for x in a.tolist()]
        second = [names[y] for y in b.tolist()]
        if shared:
            return tuple(zip(first, second, degree, n.tolist(), strict=True))
        return tuple(zip(first, second, degree, strict=True))

    def owners(self, key: Mapping[str, str | None]) -> tuple[Ownership, ...]:
        """`ownership.own(revisions, key=key.get)` over every commit (none filtered here)."""
        np = self._np
        if np is None:
            return own(self._revisions, key=key.get)
        mapped = [key.get(p) for p in self._all_paths]
        names = sorted({u for u in mapped if u is not None})
        number = {name: i for i, name in enumerate(names)}
        unit_of_path = np.fromiter((-1 if u is None else number[u] for u in mapped),
                                   dtype=np.int64, count=len(mapped))
        units = unit_of_path[self._all_path]
        valid = units >= 0
        if self._authors is None:
            by_commit = list(map(attrgetter("author"), self._revisions))
            authors = sorted(set(by_commit))
            index = dict(zip(authors, range(len(authors)), strict=True))
            self._authors = authors, np.fromiter(map(index.__getitem__, by_commit),
                                                 dtype=np.int64, count=len(by_commit))
        authors, author_of = self._authors
        return owners(np, self._all_commit[valid], units[valid], names, author_of, authors)

    # --- the arrays -------------------------------------------------------------------------

    def _index(self, revisions: Sequence[Revision], include: Callable[[str], bool]) -> None:
        """Each (commit, included path) once, sorted, as two integer arrays; paths by number
        in sorted order, so that numbers compare as the paths do. Every path of every commit
        (included or not, large commits too) is kept by number as well, for `owners`."""
        np = self._np
        paths = list(map(attrgetter("paths"), revisions))
        every = list(chain.from_iterable(paths))
        self._all_paths = sorted(set(every))
        number = dict(zip(self._all_paths, range(len(self._all_paths)), strict=True))
        self._all_path = np.fromiter(map(number.__getitem__, every), dtype=np.int64,
                                     count=len(every))
        self._all_commit = np.repeat(np.arange(len(revisions), dtype=np.int64),
                                     np.fromiter(map(len, paths), dtype=np.int64,
                                                 count=len(revisions)))
        included = np.fromiter(map(include, self._all_paths), dtype=bool,
                               count=len(self._all_paths))
        self._paths = list(compress(self._all_paths, included.tolist()))
        renumber = np.where(included, np.cumsum(included) - 1, -1)
        width = max(len(self._paths), 1)
        flat = renumber[self._all_path]
        known = flat >= 0
        codes = distinct(np, self._all_commit[known] * width + flat[known])
        commit, path = codes // width, codes % width
        self._large = np.bincount(commit, minlength=len(revisions)) > self.max_files
        small = ~self._large[commit]
        self._commit, self._path = commit[small], path[small]

    def _dropped_among(self, among: Sequence[int] | None) -> int:
        if self._np is None:
            sets = self._sets if among is None else [self._sets[i] for i in among]
            return sum(s is None for s in sets)
        np = self._np
        large = self._large if among is None else self._large[np.asarray(among, dtype=np.int64)]
        return int(large.sum())

    def _array_counts(self, key: Mapping[str, str] | None, among: Sequence[int] | None
                      ) -> tuple[list[str], Any, Any, Any, Any, Any, int, Any]:
        """Unit names; per unit its revisions and SoC; the pairs (numbers a < b) and their
        shared commits; the number of commits counted; each pair's commits weighed by
        `size_weight`. Counts over all commits are kept for
        the next call with the same `key` (the very mapping, which is not changed meanwhile)."""
        if among is None and self._last is not None and self._last[0] is key:
            return self._last[1]
        counts = self._counted(key, among)
        if among is None:
            self._last = key, counts
        return counts

    def _counted(self, key: Mapping[str, str] | None, among: Sequence[int] | None
                 ) -> tuple[list[str], Any, Any, Any, Any, Any, int, Any]:
        np = self._np
        if key is None:
            names = self._paths
            unit_of_path = np.arange(len(names), dtype=np.int64)
        else:
            mapped = [key.get(p) for p in self._paths]
            names = sorted({u for u in mapped if u is not None})
            number = {name: i for i, name in enumerate(names)}
            unit_of_path = np.fromiter((-1 if u is None else number[u] for u in mapped),
                                       dtype=np.int64, count=len(mapped))
        width = max(len(names), 1)
        units = unit_of_path[self._path]
        valid = units >= 0
        if among is not None:
            chosen = np.zeros(self._count, dtype=bool)
            chosen[np.asarray(among, dtype=np.int64)] = True
            valid &= chosen[self._commit]
        # Several files of one commit mapped to one unit count once.
        codes = self._commit[valid] * width + units[valid]
        if key is not None:  # (commit, path) codes are distinct and sorted already
            codes = distinct(np, codes)
        commit, units = codes // width, codes % width
        size = np.bincount(commit, minlength=self._count)
        revisions = np.bincount(units, minlength=len(names))
        soc = np.bincount(units, weights=(size - 1)[commit],
                          minlength=len(names)).astype(np.int64)  # sums of integers: exact
        start = np.cumsum(size) - size  # a commit's first entry among the sorted ones
        found, weights = [], []
        for k in distinct(np, size[size >= 2]).tolist():
            first = start[size == k]
            block = units[first[:, None] + np.arange(k)]  # one commit's units per row, sorted
            i, j = np.triu_indices(k, 1)
            found.append((block[:, i] * width + block[:, j]).ravel())
            weights.append(np.full(len(found[-1]), size_weight(k), dtype=np.int64))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return (names, revisions, soc, empty, empty, empty, int(np.count_nonzero(size)),
                    empty)
        pairs, shared, weighted = distinct_sums(np, np.concatenate(found),
                                                np.concatenate(weights))
        return (names, revisions, soc, pairs // width, pairs % width, shared,
                int(np.count_nonzero(size)), weighted)


def _weighed(sets: Iterable[set[str]], key: Callable[[str], str | None] | None,
             min_revisions: int) -> Degrees:
    """`CommitSets.cochange`'s rows, unrounded, counted in Python."""
    revisions: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    weight: defaultdict[tuple[str, str], int] = defaultdict(int)
    for files in sets:
        units = files if key is None else {u for u in map(key, files) if u is not None}
        revisions.update(units)
        if len(units) < 2:
            continue
        each = size_weight(len(units))
        ordered = sorted(units)
        for index, a in enumerate(ordered):
            for b in ordered[index + 1:]:
                shared[(a, b)] += 1
                weight[(a, b)] += each
    return sorted((a, b, 2 * w / (1000 * (revisions[a] + revisions[b])), shared[(a, b)])
                  for (a, b), w in weight.items()
                  if revisions[a] >= min_revisions and revisions[b] >= min_revisions)


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # an install without it counts in Python, to the same result
        return None
    return numpy
