"""Ownership: who changed a file (or package), and how concentrated that knowledge is (pure).

For each key (a path, or whatever `key` maps paths to, such as a package):

    revisions          = commits that touched the key (a commit touching several of its files
                         counts once), each credited to the commit's author
    main_author        = the author with most of those revisions (ties: first by name)
    main_author_share  = main author's revisions / revisions                        in 0..1
    bus_factor         = smallest k such that the k most active authors together made more
                         than half (> 50 %) of the revisions

One author gives a bus factor of 1; two authors with equal counts give 2 (neither alone has
more than half). A low bus factor means knowledge rests with few people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from analyzer.history.coupling import Revision
from analyzer.model import Ownership


def _same(path: str) -> str | None:
    return path


def own(
    revisions: Iterable[Revision], *, key: Callable[[str], str | None] = _same
) -> tuple[Ownership, ...]:
    """Ownership of every key touched by `revisions`, sorted by key.

    `key` maps a path to what is owned (the path itself by default, or its package); paths
    mapped to None are left out.
    """
    by_key: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for revision in revisions:
        for unit in {k for k in map(key, revision.paths) if k is not None}:
            by_key[unit][revision.author] += 1
    return tuple(_ownership(unit, by_key[unit]) for unit in sorted(by_key))


def _ownership(unit: str, counts: Counter[str]) -> Ownership:
    authors = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    total = sum(count for _, count in authors)
    covered = 0
    bus_factor = 0
    for _, count in authors:
        covered += count
        bus_factor += 1
        if 2 * covered > total:
            break
    main_author, main_count = authors[0]
    return Ownership(
        path_or_package=unit,
        revisions=total,
        authors=authors,
        main_author=main_author,
        main_author_share=main_count / total,
        bus_factor=bus_factor,
    )
