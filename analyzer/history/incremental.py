"""New commits on top of cached ones: when they can be added to a cached log or summary,
and the cached log extended with them in git's order (ADR 0005).

A cached summary is extended without its raw log when the new commits are a line: each has
one parent, the next older one, down to the cached tip. `git log` then shows them first,
newest first whatever their dates (one commit at a time is ever in its queue), and the
cached tip's log after them. None of them may rename a file: renames are followed from the
newest commit down, so one would file the older commits' changes under other paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import git

from analyzer.history.options import HistoryOptions
from analyzer.history.stream import RawCommit, walk


def can_extend(options: HistoryOptions, cached: object, tips: tuple[str, ...]) -> bool:
    """New commits can be added to cached ones for one revision read without dates."""
    return (options.since is None and options.until is None and len(tips) == 1
            and isinstance(cached, tuple) and len(cached) == 1 and isinstance(cached[0], str))


def older_tip(cached: object, stamp: tuple[object, tuple[str, ...]], options: HistoryOptions
              ) -> str | None:
    """The tip a cache entry stamped `cached` was read at, when it is another tip of the
    repository read now at `stamp` (same fingerprint) and new commits can be added to it."""
    fingerprint, tips = stamp
    if (isinstance(cached, tuple) and len(cached) == 2 and cached != stamp
            and cached[0] == fingerprint and can_extend(options, cached[1], tips)):
        return cached[1][0]
    return None


def above(log: Callable[[str], Iterable[RawCommit]], old: str, new: str
          ) -> list[RawCommit] | None:
    """The commits of `old..new` as `log` reads them, newest first; None when git cannot
    tell (`old` is gone)."""
    try:
        return list(log(f"{old}..{new}"))
    except git.GitCommandError:
        return None


def line_on(fresh: Sequence[RawCommit], old: str, new: str) -> bool:
    """Whether `fresh`, the log of `old..new`, is a line of one-parent commits from `new`
    down to `old` in which no file is renamed: then the log at `new` is `fresh` followed by
    the log at `old`, and the older commits' changes are filed as they were."""
    if not fresh or fresh[0][0] != new:
        return False
    below = old
    for commit in reversed(fresh):
        if commit[4] != (below,) or any(change[0][0] == "R" for change in commit[6]):
            return False
        below = commit[0]
    return True


def extended(cached: Sequence[RawCommit], fresh: Sequence[RawCommit] | None, new: str,
             first_parent: bool, say: Callable[[str], None]) -> list[RawCommit] | None:
    """The log at `new`: the `fresh` commits (those not reachable from the cached tip, None
    when git could not tell) and the cached ones, in git's order. None when that cannot be
    done (the cached tip is gone, or the walk needs a commit that is in neither: a
    --first-parent line that left the cached one)."""
    if fresh is None:
        return None
    commits = {commit[0]: commit for commit in cached}
    commits.update((commit[0], commit) for commit in fresh)
    walked = walk(new, commits, first_parent, cached, {commit[0] for commit in fresh})
    if walked is not None:
        say(f"history: {len(walked) - len(fresh)} commits from the cache, {len(fresh)} new")
    return walked
