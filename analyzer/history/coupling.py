"""Change coupling: files (or modules, packages) that change in the same commits (pure).

After code-maat (Tornhill), with the definitions of QUALITY.md:

    shared(a, b)   = number of counted commits that changed both a and b
    degree(a, b)   = shared(a, b) / mean(revisions(a), revisions(b))          in 0..1
    SoC(e)         = sum over counted commits touching e of (files in commit - 1)

A pair is reported when mean(revisions(a), revisions(b)) >= min_revisions, shared >= min_shared
and degree >= min_degree. Commits that change more than `max_files` files are dropped before
any counting, so they inflate neither revisions nor pairs.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from analyzer.model import CouplingPair, CouplingResult, Revision, Thresholds

#: Usable commits at and above which code-maat's fixed thresholds are kept as they are.
REFERENCE_COMMITS = 500
#: Scaling never lowers min_shared or min_revisions below this: two shared commits can still
#: be a coincidence; three is the smallest count worth calling coupling.
SCALED_FLOOR = 3


DEFAULT_THRESHOLDS = Thresholds()


def scale_thresholds(commits_used: int, base: Thresholds = DEFAULT_THRESHOLDS) -> Thresholds:
    """Thresholds for a history of `commits_used` usable commits.

    Fixed thresholds find nothing in short histories, so below REFERENCE_COMMITS (500) usable
    commits min_shared and min_revisions scale down linearly with the history's length:

        f          = commits_used / 500
        min_shared = max(3, ceil(base.min_shared * f))      but never above base.min_shared
        min_revs   = max(3, ceil(base.min_revisions * f))   but never above base.min_revisions

    With code-maat's 5/5 this gives 3 up to 300 commits, 4 for 301-400 and 5 from 401 up.
    min_degree and max_files stay as they are. `scaled` is True, with a human `reason`, only
    when a value actually changed.
    """
    if commits_used >= REFERENCE_COMMITS:
        return base
    used = max(commits_used, 0)
    # Multiply before dividing, so that 5 * 300 / 500 is exactly 3 before rounding up.
    min_shared = min(
        base.min_shared,
        max(SCALED_FLOOR, math.ceil(base.min_shared * used / REFERENCE_COMMITS)),
    )
    min_revisions = min(
        base.min_revisions,
        float(max(SCALED_FLOOR, math.ceil(base.min_revisions * used / REFERENCE_COMMITS))),
    )
    if min_shared == base.min_shared and min_revisions == base.min_revisions:
        return base
    reason = (
        f"short history: {commits_used} usable commits (< {REFERENCE_COMMITS}), so min shared "
        f"{base.min_shared} -> {min_shared} and min revisions {base.min_revisions:g} -> "
        f"{min_revisions:g}"
    )
    return replace(
        base, min_shared=min_shared, min_revisions=min_revisions, scaled=True, reason=reason
    )


def _everything(path: str) -> bool:
    return True


def couple(
    revisions: Iterable[Revision],
    thresholds: Thresholds,
    *,
    include: Callable[[str], bool] = _everything,
    key: Callable[[str], str | None] | None = None,
) -> CouplingResult:
    """Count revisions, sum of coupling and shared commits, and keep the coupled pairs.

    `include` filters paths first; a commit left with more than `max_files` distinct files is
    then dropped. `key` (optional) maps each remaining file to the unit being coupled, a module
    or package: files mapped to None are ignored, and several files of one commit mapped to one
    key count once. With `key`, "files in commit" in SoC means distinct keys in the commit.
    Commits left with nothing to count are not counted.

    To count several couplings of one history, `CommitSets` filters it once.
    """
    files, dropped = _filtered(revisions, include, thresholds.max_files)
    counts = _count(files, key)
    return _result(counts, dropped, thresholds)


def _filtered(revisions: Iterable[Revision], include: Callable[[str], bool], max_files: int
              ) -> tuple[list[set[str]], int]:
    """The included files of each commit not dropped for its size, and how many were."""
    kept = []
    dropped = 0
    for revision in revisions:
        if include is _everything:
            files = set(revision.paths)
        else:
            files = {path for path in revision.paths if include(path)}
        if len(files) > max_files:
            dropped += 1
        else:
            kept.append(files)
    return kept, dropped


@dataclass
class _Counts:
    """What one counting pass over unit sets found (pairs as unit -> later unit -> shared)."""

    revisions: Counter[str]
    soc: dict[str, int]
    shared: dict[str, Counter[str]]
    commits: int


def _count(sets: Iterable[set[str]], key: Callable[[str], str | None] | None) -> _Counts:
    counted: list[str] = []  # each unit once per commit it is in, counted at the end
    soc: defaultdict[str, int] = defaultdict(int)
    # For each unit, the units sorting after it in each commit it is in (one list entry per
    # pair occurrence, 8 bytes), counted per unit at the end: small dicts, and much faster than
    # one Counter over millions of pair tuples.
    later: defaultdict[str, list[str]] = defaultdict(list)
    commits = 0
    for files in sets:
        if key is None:
            units = files
        else:
            units = set(map(key, files))
            units.discard(None)
        if not units:
            continue
        commits += 1
        if len(units) == 1:
            counted.extend(units)
            continue
        others = len(units) - 1
        ordered = sorted(units)
        counted.extend(ordered)
        for index in range(others):
            unit = ordered[index]
            soc[unit] += others
            later[unit].extend(ordered[index + 1 :])
        soc[ordered[others]] += others
    return _Counts(Counter(counted), soc, {a: Counter(bs) for a, bs in later.items()}, commits)


def _result(counts: _Counts, dropped: int, thresholds: Thresholds) -> CouplingResult:
    revision_counts = counts.revisions
    min_shared = thresholds.min_shared
    twice_min_revisions = 2 * thresholds.min_revisions
    min_degree = thresholds.min_degree
    pairs = []
    for a, partners in counts.shared.items():
        if partners.total() < min_shared:
            continue
        for b, shared in partners.most_common():  # a C-level sort, then early exit
            if shared < min_shared:
                break
            rev_a, rev_b = revision_counts[a], revision_counts[b]
            total = rev_a + rev_b
            if total < twice_min_revisions:  # mean(rev_a, rev_b) < min_revisions
                continue
            degree = 2 * shared / total  # shared / mean(rev_a, rev_b)
            if degree >= min_degree:
                pairs.append(CouplingPair(a, b, shared, rev_a, rev_b, degree))
    pairs.sort(key=lambda p: (-p.degree, -p.shared, p.a, p.b))
    soc = counts.soc
    return CouplingResult(
        pairs=tuple(pairs),
        revisions=dict(sorted(revision_counts.items())),
        sum_of_coupling={unit: soc.get(unit, 0) for unit in sorted(revision_counts)},
        dropped_large=dropped,
        thresholds=thresholds,
        commits=counts.commits,
    )


#: From this many commits on, `CommitSets` counts with numpy arrays (when numpy is there):
#: below it, importing numpy (about 0.1 s) costs more than the arrays save. Where numpy is
#: imported already (the app), from ARRAY_MIN_COMMITS_IMPORTED on. Both ways count the same.
ARRAY_MIN_COMMITS = 20000
ARRAY_MIN_COMMITS_IMPORTED = 1000

Degrees = list[tuple[str, str, float, int]]


class CommitSets:
    """One history's commits filtered once, to count several couplings of it.

    `couple(thresholds, key, among)` is `couple(those revisions, thresholds, include=include,
    key=key.get)` for the revisions numbered `among` (all by default); `degrees` gives every
    co-changing pair with its degree, without thresholds. With many commits the counting is
    done with numpy arrays (`arrays=None`: when it pays and numpy can be imported), with the
    same results to the last bit: counts are integers and each degree is the same division.
    """

    def __init__(self, revisions: Sequence[Revision], include: Callable[[str], bool] =
                 _everything, max_files: int = DEFAULT_THRESHOLDS.max_files, *,
                 arrays: bool | None = None) -> None:
        self.max_files = max_files
        self._count = len(revisions)
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
        names, revisions, soc, a, b, shared, commits = self._array_counts(key, among)
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
        names, revisions, _soc, a, b, shared, _commits = self._array_counts(key, among)
        keep = (revisions[a] >= min_revisions) & (revisions[b] >= min_revisions)
        rev = revisions.tolist()
        rows = [(names[x], names[y], 2 * n / (rev[x] + rev[y]), n)
                for x, y, n in zip(a[keep].tolist(), b[keep].tolist(), shared[keep].tolist(),
                                   strict=True)]
        rows.sort()  # already in this order (ids follow the names'): a cheap check of it
        return rows

    # --- the arrays -------------------------------------------------------------------------

    def _index(self, revisions: Sequence[Revision], include: Callable[[str], bool]) -> None:
        """Each (commit, included path) once, sorted, as two integer arrays; paths by number
        in sorted order, so that numbers compare as the paths do."""
        np = self._np
        self._paths = sorted(p for p in {p for r in revisions for p in r.paths} if include(p))
        number = {path: i for i, path in enumerate(self._paths)}
        width = max(len(self._paths), 1)
        flat = np.fromiter((number.get(p, -1) for r in revisions for p in r.paths),
                           dtype=np.int64)
        commit = np.repeat(np.arange(len(revisions), dtype=np.int64),
                           np.fromiter((len(r.paths) for r in revisions), dtype=np.int64,
                                       count=len(revisions)))
        known = flat >= 0
        codes = np.unique(commit[known] * width + flat[known])
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
                      ) -> tuple[list[str], Any, Any, Any, Any, Any, int]:
        """Unit names; per unit its revisions and SoC; the pairs (numbers a < b) and their
        shared commits; the number of commits counted."""
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
        codes = np.unique(self._commit[valid] * width + units[valid])
        commit, units = codes // width, codes % width
        size = np.bincount(commit, minlength=self._count)
        revisions = np.bincount(units, minlength=len(names))
        soc = np.bincount(units, weights=(size - 1)[commit],
                          minlength=len(names)).astype(np.int64)  # sums of integers: exact
        start = np.cumsum(size) - size  # a commit's first entry among the sorted ones
        found, counts = [], []
        for k in np.unique(size[size >= 2]).tolist():
            first = start[size == k]
            block = units[first[:, None] + np.arange(k)]  # one commit's units per row, sorted
            i, j = np.triu_indices(k, 1)
            pairs, times = np.unique((block[:, i] * width + block[:, j]).ravel(),
                                     return_counts=True)
            found.append(pairs)
            counts.append(times)
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return names, revisions, soc, empty, empty, empty, int(np.count_nonzero(size))
        if len(found) == 1:
            pairs, shared = found[0], counts[0].astype(np.int64)
        else:
            pairs, where = np.unique(np.concatenate(found), return_inverse=True)
            shared = np.bincount(where, weights=np.concatenate(counts)).astype(np.int64)
        return (names, revisions, soc, pairs // width, pairs % width, shared,
                int(np.count_nonzero(size)))


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # an install without it counts in Python, to the same result
        return None
    return numpy


def restrict(result: CouplingResult, thresholds: Thresholds) -> CouplingResult:
    """The pairs of `result` that also pass stricter `thresholds` (same counts, no recount).

    Lets one counting pass with loose thresholds serve both the clustering, which wants every
    co-change signal, and the report, which wants code-maat's filters.
    """
    kept = tuple(
        pair for pair in result.pairs
        if pair.shared >= thresholds.min_shared
        and pair.revisions_a + pair.revisions_b >= 2 * thresholds.min_revisions
        and pair.degree >= thresholds.min_degree
    )
    return replace(result, pairs=kept, thresholds=thresholds)


def mark_hidden(
    pairs: Iterable[CouplingPair], linked: Callable[[str, str], bool]
) -> tuple[CouplingPair, ...]:
    """Copies of `pairs` with `hidden` set: co-change with no direct import either way.

    `linked(x, y)` says whether x imports y directly; it is asked both ways round.
    """
    return tuple(
        replace(pair, hidden=not (linked(pair.a, pair.b) or linked(pair.b, pair.a)))
        for pair in pairs
    )


def logical_changesets(
    revisions: Sequence[Revision],
    *,
    window_seconds: int | None = None,
    ticket_pattern: str | None = None,
) -> list[Revision]:
    """Merge commits that make one logical change, as CodeScene does.

    - Ticket: with `ticket_pattern`, commits whose message contains the same ticket id (group 0
      of the pattern's first match, e.g. r"[A-Z]+-\\d+") form one change set, whoever made them
      and whenever.
    - Window: with `window_seconds`, each author's remaining commits (those without a ticket id),
      in time order, are merged while they fall within `window_seconds` of the first commit of
      the current set (so a set spans at most the window). Other authors' commits in between do
      not break a set.

    A merged change set is a Revision whose sha joins the member shas with "+" (time order),
    whose author and timestamp are those of its first commit, whose message joins the messages
    with newlines and whose paths are the union in order of first appearance. The result is in
    time order (first commit's timestamp, then sha). Merged sets can exceed `max_files` and then
    be dropped by `couple`.
    """
    ordered = sorted(revisions, key=lambda r: r.timestamp)  # stable: ties keep input order
    groups: list[list[Revision]] = []
    loose: list[Revision] = []
    if ticket_pattern is not None:
        pattern = re.compile(ticket_pattern)
        by_ticket: dict[str, list[Revision]] = {}
        for revision in ordered:
            match = pattern.search(revision.message)
            if match is None:
                loose.append(revision)
            else:
                by_ticket.setdefault(match.group(0), []).append(revision)
        groups.extend(by_ticket.values())
    else:
        loose = ordered
    if window_seconds is None:
        groups.extend([revision] for revision in loose)
    else:
        open_sets: dict[str, list[Revision]] = {}
        for revision in loose:
            current = open_sets.get(revision.author)
            if current is not None and revision.timestamp - current[0].timestamp <= window_seconds:
                current.append(revision)
            else:
                current = [revision]
                open_sets[revision.author] = current
                groups.append(current)
    merged = [_merge(group) for group in groups]
    merged.sort(key=lambda r: (r.timestamp, r.sha))
    return merged


def _merge(group: list[Revision]) -> Revision:
    if len(group) == 1:
        return group[0]
    first = group[0]
    return Revision(
        sha="+".join(r.sha for r in group),
        author=first.author,
        timestamp=first.timestamp,
        message="\n".join(r.message for r in group),
        paths=tuple(dict.fromkeys(path for r in group for path in r.paths)),
    )
