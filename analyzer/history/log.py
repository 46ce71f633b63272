"""Git history in one streamed `git log` pass, through GitPython.

Reads `--name-status -z` with rename detection: never one process per commit, never a diff
of blob contents. Merge commits carry no file list in this mode, so every change is counted
once, on the commit that made it (`--first-parent` is offered for squash workflows).
Renames are followed: older changes of a renamed file are filed under its newest path, and a
rename without edits is not a change.

What `git log` printed is cached in the user's cache folder (`analyzer.history.cache`, ADR
0005): an unchanged repository is not read again, and after new commits only those are read.
The cache holds the commits as git printed them, so that other filters (bots, ignored paths,
largest commit) need no new read, and the summary under the filters last used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import git

from analyzer.cachefiles import is_inside
from analyzer.errors import InputError
from analyzer.history import cache as historycache
from analyzer.history import incremental
from analyzer.history.options import (
    HistoryOptions,
    author_matcher,
    check_options,
    ignored_below,
)
from analyzer.history.stream import (
    RawCommit,
    collector_paused,
    missing_object,
    raw_rows_fit,
    stream_log,
)
from analyzer.history.stream import fingerprint as read_fingerprint
from analyzer.history.stream import tips as read_tips
from analyzer.history.summary import History, from_rows, to_rows
from analyzer.model import AnalysisWarning, Revision
from analyzer.patterns import SYNTAX

Progress = Callable[[str], None]


def read_history(path: Path, options: HistoryOptions, progress: Progress | None = None,
                 *, cache: bool = True) -> History:
    """Read the history of the repository holding `path` (imports-only when there is none).

    With `cache`, commits read by an earlier run are taken from the history cache and only
    the others are read from git; the result is the same as without.
    """
    check_options(options)
    say = progress or (lambda _message: None)
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        if options.rev is not None:
            raise InputError(f"Git revision '{options.rev}' was given, but '{path}' is not in a "
                             "git repository; drop --rev (and `rev` in [tool.faultline]) or "
                             "analyse a git checkout.") from None
        return _empty("not-a-git-repo", "Not a git repository; analysing imports only.")
    with repo:
        try:
            repo.head.commit  # noqa: B018 - raises on a repository without commits
        except ValueError:
            if options.rev is not None:
                raise InputError(f"Git revision '{options.rev}' does not exist: the repository "
                                 "has no commits yet; commit first or drop --rev.") from None
            return _empty("empty-repo", "The repository has no commits; analysing imports only.")
        git_cmd = repo.git
        _check_rev(git_cmd, options.rev)
        shallow = _shallow_boundaries(Path(repo.common_dir))
        say("reading git history")
        top = Path(repo.working_tree_dir or path).resolve()
        inside = Path(path).resolve().relative_to(top).as_posix()
        try:
            return _within(_read(repo, options, shallow, say, cache, inside), inside)
        except git.GitCommandError as error:
            if not options.renames or not missing_object(error):
                raise
        say("an object git needs is missing; reading the history without rename detection")
        history = _within(_read(repo, replace(options, renames=False), shallow, say, cache,
                                inside), inside)
        return replace(history, warnings=(*history.warnings, AnalysisWarning(
            "no-renames", ".", "Some git objects are missing (a partial clone or a trimmed "
            "copy), so `git log -M` cannot compare files; the history was read without rename "
            "detection, and a renamed file's older changes count under its old path.")))


def _within(history: History, folder: str) -> History:
    """The history of a subfolder, with paths relative to it (git's are relative to the
    repository's top); commits that change nothing inside it are dropped."""
    if folder in ("", "."):
        return history
    prefix = folder.rstrip("/") + "/"
    kept = []
    for revision in history.changes:
        paths = tuple(p[len(prefix):] for p in revision.paths if p.startswith(prefix))
        if paths:
            kept.append(replace(revision, paths=paths))
    dropped = dict(history.dropped)
    if len(kept) < len(history.changes):
        dropped["outside_folder"] = len(history.changes) - len(kept)
    renames = {old[len(prefix):]: new[len(prefix):] for old, new in history.renames.items()
               if old.startswith(prefix) and new.startswith(prefix)}
    return replace(history, changes=tuple(kept), dropped=dict(sorted(dropped.items())),
                   renames=renames)


def _read(repo: git.Repo, options: HistoryOptions, shallow: set[str], say: Progress,
          cache: bool, inside: str = ".") -> History:
    with collector_paused():
        if cache:
            return _read_with_cache(repo, options, shallow, say, inside)
        return summarise(list(_stream_log(repo.git, options)), options, shallow, say,
                         inside=inside)


def summarise(raw: Sequence[RawCommit], options: HistoryOptions, shallow: set[str],
              say: Progress | None = None, *, inside: str = ".") -> History:
    """Filter raw commits (newest first) into counted changes, following renames.

    `raw` holds `RawCommit` values or plain tuples in the same field order (as cached).
    `inside` is the analysed folder relative to the repository's top: the ignore-paths
    patterns are anchored there (gitignore rules, `analyzer.patterns`).
    """
    is_bot = author_matcher(options.bot_patterns)
    is_ignored = ignored_below(options.ignore_paths, inside)
    bots: dict[tuple[str, str], bool] = {}
    counted: dict[str, bool] = {}  # path -> not ignored; paths repeat, patterns are slow
    dropped: Counter[str] = Counter()
    renames: dict[str, str] = {}
    changes: list[Revision] = []
    for sha, author, email, stamp, parents, message, commit_changes, _committed in raw:
        reason = None
        if sha in shallow:
            reason = "shallow_boundary"
        elif len(parents) > 1:
            reason = "merge"
        else:
            bot = bots.get((author, email))
            if bot is None:
                bot = bots[author, email] = is_bot(author.lower()) or is_bot(email.lower())
            if bot:
                reason = "bot"
        paths: set[str] = set()
        for status, old, new in commit_changes:
            current = renames.get(new, new)
            if status[0] == "R":
                renames[old] = current
                if status == "R100":
                    continue
            if reason is None:
                keep = counted.get(current)
                if keep is None:
                    keep = counted[current] = not is_ignored(current)
                if keep:
                    paths.add(current)
        if reason is None and not paths:
            reason = "no_counted_files"
        if reason is None and len(paths) > options.max_files:
            reason = "too_many_files"
        if reason:
            dropped[reason] += 1
            continue
        changes.append(Revision(sha, author, stamp, message, tuple(sorted(paths))))
    return _summary(changes, len(raw), dropped, renames, options, shallow, say)


def _summary(changes: Sequence[Revision], read: int, dropped: Counter[str],
             renames: dict[str, str], options: HistoryOptions, shallow: set[str],
             say: Progress | None) -> History:
    """The History of the counted changes of `read` commits, with its warnings and dates."""
    if say:
        say(f"{read} commits read, {len(changes)} counted")
    warnings: list[AnalysisWarning] = []
    if shallow:
        warnings.append(AnalysisWarning(
            "shallow-clone", ".",
            "Shallow clone: history is partial and its boundary commit is not counted; "
            "run `git fetch --unshallow` for the full picture.",
        ))
    if not read:
        warnings.append(AnalysisWarning(
            "empty-range", ".", f"No commits in the range {_range_text(options)}; analysing "
            "imports only. Check the revision and the dates."))
    elif not changes:
        warnings.append(AnalysisWarning("no-history", ".", _none_counted(read, dropped)))
    stamps = [c.timestamp for c in changes]
    return History(
        changes=tuple(changes),
        commits_read=read,
        dropped=dict(sorted(dropped.items())),
        shallow=bool(shallow),
        first=_iso(min(stamps)) if stamps else None,
        last=_iso(max(stamps)) if stamps else None,
        warnings=tuple(warnings),
        renames=dict(sorted(renames.items())),
    )


#: What to change when every commit was dropped for one reason.
_REMEDY = {"too_many_files": "raise --max-files to count larger commits",
           "bot": "--ignore-author replaces the bot patterns",
           "no_counted_files": "--ignore-path replaces the ignored paths"}


def _none_counted(read: int, dropped: Counter[str]) -> str:
    """Why no commit of the range is counted, and what would count some."""
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(dropped.items()))
    remedies = "; ".join(_REMEDY[r] for r in sorted(dropped) if r in _REMEDY)
    return (f"None of the {read} commits in the range is counted (dropped: {reasons})"
            + (f"; {remedies}" if remedies else "") + "; analysing imports only.")


def _on_top(below: History, fresh: Sequence[RawCommit], options: HistoryOptions,
            shallow: set[str], say: Progress, inside: str) -> History:
    """What `summarise` makes of the whole log, from the summary `below` and the line of new
    commits on top of its tip, none of them a rename (`incremental.line_on`)."""
    say(f"history: {below.commits_read} commits from the cache, {len(fresh)} new")
    top = summarise(fresh, options, shallow, inside=inside)  # no renames: `below` stands
    return _summary([*top.changes, *below.changes], top.commits_read + below.commits_read,
                    Counter(top.dropped) + Counter(below.dropped), below.renames, options,
                    shallow, say)


def _range_text(options: HistoryOptions) -> str:
    """The history asked for, as given: "HEAD, --since 2030-01-01"."""
    parts = [f"--rev {options.rev}" if options.rev else "HEAD"]
    parts += [f"--{name} {value}" for name, value in (("since", options.since),
                                                       ("until", options.until)) if value]
    return ", ".join(parts)


def _check_rev(git_cmd: git.Git, rev: str | None) -> None:
    if rev is None:
        return
    for part in [p for p in re.split(r"\.\.\.?", rev) if p]:
        try:
            git_cmd.rev_parse("--verify", "--quiet", "--end-of-options", f"{part}^{{commit}}")
        except git.GitCommandError as error:
            raise InputError(f"Git revision '{rev}' does not exist in this repository; "
                             "check the branch, tag or commit name.") from error


def _shallow_boundaries(git_dir: Path) -> set[str]:
    shallow = git_dir / "shallow"
    if not shallow.is_file():
        return set()
    return {line.strip() for line in shallow.read_text().splitlines() if line.strip()}


def _read_with_cache(repo: git.Repo, options: HistoryOptions, shallow: set[str],
                     say: Progress, inside: str = ".") -> History:
    """The history through the cache, which keeps two entries (ADR 0005).

    The raw log, keyed by the repository and the options that shape `git log`: reused as it
    is when the tip has not moved, extended with the commits it lacks when it has, read
    afresh when git would print its commits differently now. And the summary of it, keyed
    also by the filters (and the pattern rules and the folder they are anchored at), so that
    an unchanged repository is not even summarised again, and a line of new commits on top
    of it is summarised alone (`analyzer.history.incremental`), the raw log left as it is.
    """
    git_cmd = repo.git
    folder = historycache.cache_dir()
    if is_inside(folder, (repo.working_tree_dir, repo.git_dir, repo.common_dir)):
        say(f"history cache off: {folder} is inside the analysed repository")
        return summarise(list(_stream_log(git_cmd, options)), options, shallow, say,
                         inside=inside)
    key = repr((str(Path(repo.common_dir).resolve()), options.rev, options.since,
                options.until, options.first_parent, options.renames))
    summary_key = repr((key, options.bot_patterns, options.ignore_paths, SYNTAX, inside,
                        options.max_files,
                        *(tuple(f.name for f in fields(kind))
                          for kind in (History, Revision, AnalysisWarning))))
    fingerprint = read_fingerprint(repo, bool(options.since or options.until), shallow)
    tips = read_tips(git_cmd, options.rev)
    stamp = (fingerprint, tips)
    seen: list[object] = []  # the summary's stamp, also when its rows are not read
    kept = historycache.load(folder, summary_key,
                             lambda cached: seen.append(cached) or cached == stamp)
    history = from_rows(kept.rows) if kept is not None else None
    if history is not None:
        say(f"history: {history.commits_read} commits from the cache, "
            f"{history.commits_used} counted")
        return history
    log = partial(_stream_log, git_cmd, options)
    older = incremental.older_tip(seen[0], stamp, options) if seen else None
    fresh = incremental.above(log, older, tips[0]) if older else None
    if older and fresh is not None and incremental.line_on(fresh, older, tips[0]):
        below = historycache.load(folder, summary_key, lambda cached: cached == seen[0])
        history = from_rows(below.rows) if below is not None else None
        if history is not None:
            history = _on_top(history, fresh, options, shallow, say, inside)
            _save(folder, summary_key, stamp, to_rows(history), say)
            return history
    entry = historycache.load(folder, key, lambda cached: cached == stamp or (
        incremental.older_tip(cached, stamp, options) is not None), fits=raw_rows_fit)
    raw: Sequence[RawCommit] | None = None
    unchanged = entry is not None and entry.stamp == stamp
    if entry is not None and unchanged:
        say(f"history: {len(entry.rows)} commits from the cache")
        raw = entry.rows
    elif entry is not None:
        if entry.stamp[1][0] != older:  # else the commits it lacks were read above
            fresh = incremental.above(log, entry.stamp[1][0], tips[0])
        raw = incremental.extended(entry.rows, fresh, tips[0], options.first_parent, say)
    if raw is None:
        raw = list(_stream_log(git_cmd, options))
        say(f"history: {len(raw)} commits read (not in the cache)")
    if not unchanged:
        _save(folder, key, stamp, raw, say)
    history = summarise(raw, options, shallow, say, inside=inside)
    _save(folder, summary_key, stamp, to_rows(history), say)
    return history


def _save(folder: Path, key: str, stamp: object, rows: Sequence[tuple], say: Progress) -> None:
    try:
        historycache.save(folder, key, stamp, rows)
    except OSError as error:
        say(f"history cache not written: {error}")


def _stream_log(git_cmd: git.Git, options: HistoryOptions, revs: str | None = None
                ) -> Iterator[RawCommit]:
    """The log of `revs` (default: the options' rev, or HEAD) under the options' range."""
    return stream_log(git_cmd, revs or options.rev or "HEAD", first_parent=options.first_parent,
                      since=options.since, until=options.until, renames=options.renames)


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def _empty(code: str, message: str) -> History:
    return History(changes=(), commits_read=0, dropped={}, shallow=False, first=None, last=None,
                   warnings=(AnalysisWarning(code, ".", message),))
