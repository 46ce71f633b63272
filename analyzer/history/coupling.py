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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

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
