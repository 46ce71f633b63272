"""The History a git log is summarised into, and the plain rows it is cached as (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from itertools import islice
from operator import attrgetter

from analyzer.model import AnalysisWarning, Revision


@dataclass(frozen=True)
class History:
    """What was read and what was kept."""

    changes: tuple[Revision, ...]
    commits_read: int
    dropped: dict[str, int]
    shallow: bool
    first: str | None
    last: str | None
    warnings: tuple[AnalysisWarning, ...] = ()
    renames: dict[str, str] = field(default_factory=dict)

    @property
    def commits_used(self) -> int:
        return len(self.changes)


def to_rows(history: History) -> list[tuple]:
    """A History as plain tuples: one row of totals, then one row per counted commit."""
    row = attrgetter(*(f.name for f in fields(Revision)))
    warning = attrgetter(*(f.name for f in fields(AnalysisWarning)))
    totals = (history.commits_read, tuple(history.dropped.items()), history.shallow,
              history.first, history.last, tuple(map(warning, history.warnings)),
              tuple(history.renames.items()))
    return [totals, *map(row, history.changes)]


def from_rows(rows: list[tuple]) -> History | None:
    """The History `to_rows` stored; None when the rows do not fit (another shape, or
    values of other types: a miss, not a crash further on)."""
    try:
        read, dropped, shallow, first, last, warnings, renames = rows[0]
        history = History(
            changes=tuple(Revision(*row) for row in islice(rows, 1, None)),
            commits_read=read, dropped=dict(dropped), shallow=shallow, first=first, last=last,
            warnings=tuple(AnalysisWarning(*warning) for warning in warnings),
            renames=dict(renames))
    except (TypeError, ValueError, IndexError):
        return None
    return history if _fits(history) else None


def _fits(history: History) -> bool:
    """Whether every value of a History loaded from the cache has the type it is built with."""
    def texts(values: Iterable[object]) -> bool:
        return all(type(value) is str for value in values)

    if not (type(history.commits_read) is int and type(history.shallow) is bool
            and all(type(stamp) in (str, type(None)) for stamp in (history.first, history.last))
            and texts(history.dropped)
            and all(type(count) is int for count in history.dropped.values())
            and texts(history.renames) and texts(history.renames.values())
            and all(texts((w.code, w.path, w.message)) for w in history.warnings)):
        return False
    for change in history.changes:
        if not (type(change.sha) is str and type(change.author) is str
                and type(change.timestamp) is int and type(change.message) is str
                and type(change.paths) is tuple and texts(change.paths)):
            return False
    return True
