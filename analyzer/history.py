"""Git history in one streamed `git log` pass, through GitPython.

Reads `--name-status -z` with rename detection: never one process per commit, never a diff
of blob contents. Merge commits carry no file list in this mode, so every change is counted
once, on the commit that made it (`--first-parent` is offered for squash workflows).
Renames are followed: older changes of a renamed file are filed under its newest path, and a
rename without edits is not a change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path

import git

from .coupling import Revision
from .errors import InputError
from .model import AnalysisWarning
from .settings import DEFAULT_BOT_PATTERNS, DEFAULT_IGNORE_PATHS, DEFAULT_MAX_FILES

Progress = Callable[[str], None]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?$")


@dataclass(frozen=True)
class HistoryOptions:
    """Which part of the history to read and what to leave out."""

    rev: str | None = None
    since: str | None = None
    until: str | None = None
    first_parent: bool = False
    bot_patterns: tuple[str, ...] = DEFAULT_BOT_PATTERNS
    ignore_paths: tuple[str, ...] = DEFAULT_IGNORE_PATHS
    max_files: int = DEFAULT_MAX_FILES


@dataclass(frozen=True)
class RawCommit:
    """One commit as git reported it: changes as (status, old path, new path)."""

    sha: str
    author: str
    email: str
    timestamp: int
    parents: int
    message: str
    changes: tuple[tuple[str, str, str], ...]


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


def check_options(options: HistoryOptions) -> None:
    """Refuse refs that look like options and dates git would misread."""
    if options.rev is not None and (options.rev.startswith("-") or not options.rev.strip()):
        raise InputError(f"'{options.rev}' is not a valid git revision; give a branch, tag, "
                         "commit or range such as main or v1.0..main.")
    for name in ("since", "until"):
        value = getattr(options, name)
        if value is not None and not _DATE.match(value):
            raise InputError(f"--{name} '{value}' is not a date; use YYYY-MM-DD "
                             "(optionally with a time, e.g. 2024-05-01T12:00).")
    if options.max_files < 1:
        raise InputError("The largest commit to count (max-files) must be at least 1.")


def read_history(path: Path, options: HistoryOptions, progress: Progress | None = None
                 ) -> History:
    """Read the history of the repository holding `path` (imports-only when there is none)."""
    check_options(options)
    say = progress or (lambda _message: None)
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return _empty("not-a-git-repo", "Not a git repository; analysing imports only.")
    with repo:
        try:
            repo.head.commit  # noqa: B018 - raises on a repository without commits
        except ValueError:
            return _empty("empty-repo", "The repository has no commits; analysing imports only.")
        git_cmd = repo.git
        _check_rev(git_cmd, options.rev)
        shallow = _shallow_boundaries(Path(repo.git_dir))
        say("reading git history")
        raw = list(_stream_log(git_cmd, options))
    return summarise(raw, options, shallow, say)


def summarise(raw: list[RawCommit], options: HistoryOptions, shallow: set[str],
              say: Progress | None = None) -> History:
    """Filter raw commits (newest first) into counted changes, following renames."""
    dropped: Counter[str] = Counter()
    renames: dict[str, str] = {}
    changes: list[Revision] = []
    warnings: list[AnalysisWarning] = []
    for commit in raw:
        reason = _drop_reason(commit, options, shallow)
        paths: set[str] = set()
        for status, old, new in commit.changes:
            current = renames.get(new, new)
            if status.startswith("R"):
                renames[old] = current
                if status == "R100":
                    continue
            if not _ignored(current, options.ignore_paths):
                paths.add(current)
        if reason is None and not paths:
            reason = "no_counted_files"
        if reason is None and len(paths) > options.max_files:
            reason = "too_many_files"
        if reason:
            dropped[reason] += 1
            continue
        changes.append(Revision(commit.sha, commit.author, commit.timestamp, commit.message,
                              tuple(sorted(paths))))
    if shallow:
        warnings.append(AnalysisWarning(
            "shallow-clone", ".",
            "Shallow clone: history is partial and its boundary commit is not counted; "
            "run `git fetch --unshallow` for the full picture.",
        ))
    if raw and not changes:
        warnings.append(AnalysisWarning("no-history", ".",
                                        "No commits left to count in the range; imports only."))
    if say:
        say(f"{len(raw)} commits read, {len(changes)} counted")
    stamps = [c.timestamp for c in changes]
    return History(
        changes=tuple(changes),
        commits_read=len(raw),
        dropped=dict(sorted(dropped.items())),
        shallow=bool(shallow),
        first=_iso(min(stamps)) if stamps else None,
        last=_iso(max(stamps)) if stamps else None,
        warnings=tuple(warnings),
        renames=dict(sorted(renames.items())),
    )


def _drop_reason(commit: RawCommit, options: HistoryOptions, shallow: set[str]) -> str | None:
    if commit.sha in shallow:
        return "shallow_boundary"
    if commit.parents > 1:
        return "merge"
    who = (commit.author.lower(), commit.email.lower())
    if any(fnmatchcase(name, pattern) for name in who for pattern in options.bot_patterns):
        return "bot"
    return None


def _ignored(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(path, pattern) for pattern in patterns)


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


def _stream_log(git_cmd: git.Git, options: HistoryOptions) -> Iterator[RawCommit]:
    args = ["-c", "core.quotepath=off", "log", "-z", "--name-status", "-M",
            "--use-mailmap", "--format=%x1e%H%x1f%aN%x1f%aE%x1f%at%x1f%P%x1f%s"]
    if options.first_parent:
        args.append("--first-parent")
    if options.since:
        args.append(f"--since={options.since}")
    if options.until:
        args.append(f"--until={options.until}")
    args.append("--end-of-options")
    args.append(options.rev or "HEAD")
    args.append("--")
    process = git_cmd.execute(["git", *args], as_process=True, stdout_as_string=False)
    stdout = process.proc.stdout
    buffer = b""
    try:
        while chunk := stdout.read(1 << 20):
            buffer += chunk
            records = buffer.split(b"\x1e")
            buffer = records.pop()
            for record in records:
                if record:
                    yield _parse(record)
        if buffer:
            yield _parse(buffer)
    finally:
        process.wait()


def _parse(record: bytes) -> RawCommit:
    header, _, body = record.partition(b"\0")
    sha, author, email, stamp, parents, subject = header.decode("utf-8", "replace").split(
        "\x1f", 5)
    tokens = body.lstrip(b"\n").split(b"\0")
    changes = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i].decode("ascii", "replace")
        if status[:1] in "RC":
            old, new = _path(tokens[i + 1]), _path(tokens[i + 2])
            i += 3
        else:
            old = new = _path(tokens[i + 1])
            i += 2
        changes.append((status, old, new))
    return RawCommit(sha, author, email, int(stamp), len(parents.split()), subject,
                     tuple(changes))


def _path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


def _empty(code: str, message: str) -> History:
    return History(changes=(), commits_read=0, dropped={}, shallow=False, first=None, last=None,
                   warnings=(AnalysisWarning(code, ".", message),))
