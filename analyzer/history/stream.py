"""The bare `git log` stream: one process, `--name-status -z`, parsed into raw commits, and
the walk that puts commits in git's order (used to extend a cached log)."""

from __future__ import annotations

import gc
import hashlib
import heapq
import queue
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

import git

_LOG = ["-c", "core.quotepath=off", "log", "-z", "--name-status", "-M", "--use-mailmap",
        "--format=%x1e%H%x1f%aN%x1f%aE%x1f%at%x1f%ct%x1f%P%x1f%s"]


#: Configuration that changes what `git log` prints for a commit: a change empties the cache.
LOG_CONFIG = (b"core.", b"diff.", b"log.", b"i18n.", b"mailmap.")


class RawCommit(NamedTuple):
    """One commit as git reported it: changes as (status, old path, new path).

    `parents` are the parent SHAs and `committed` the committer time: with them the cache
    puts new commits and cached ones in git's order. A tuple, so that the cache stores and
    loads 50,000 of them as plain tuples; `summarise` takes either.
    """

    sha: str
    author: str
    email: str
    timestamp: int
    parents: tuple[str, ...]
    message: str
    changes: tuple[tuple[str, str, str], ...]
    committed: int


def raw_rows_fit(rows: Sequence[object]) -> bool:
    """Whether `rows` (as loaded from the cache) are raw commits in `RawCommit`'s shape: its
    eight fields with their types, and changes of three strings. One pass in plain loops, a
    few hundredths of a second for 50,000 commits: a cache entry of any other shape is a miss.
    """
    for row in rows:
        if type(row) is not tuple or len(row) != 8:
            return False
        sha, author, email, stamp, parents, message, changes, committed = row
        if not (type(sha) is str and type(author) is str and type(email) is str
                and type(stamp) is int and type(parents) is tuple and type(message) is str
                and type(changes) is tuple and type(committed) is int):
            return False
        for parent in parents:
            if type(parent) is not str:
                return False
        for change in changes:
            if type(change) is not tuple or len(change) != 3:
                return False
            status, old, new = change
            if not (type(status) is str and status and type(old) is str and type(new) is str):
                return False
    return True


def walk(tip: str, commits: dict[str, RawCommit], first_parent: bool,
          cached: Sequence[RawCommit] = (), fresh: set[str] | frozenset[str] = frozenset()
          ) -> list[RawCommit] | None:
    """The commits `git log tip` shows, in its order: a walk from the tip that always takes
    the newest committer date next, and the commit reached first among equal dates.

    `cached` is an earlier such walk and `fresh` the commits it cannot reach. When the fresh
    commits have been taken, and nothing else, and the cached walk's tip is the one commit
    left to visit, the rest of this walk is that walk (same start, nothing seen yet that it
    can reach), so it is not replayed.
    """
    start = commits.get(tip)
    if start is None:
        return None
    queue = [(-start[7], 0, tip)]
    seen = {tip}
    pending = set(fresh)
    order: list[RawCommit] = []
    while queue:
        sha = heapq.heappop(queue)[2]
        if not pending and not queue and len(order) == len(fresh) and cached and (
                sha == cached[0][0]):
            order.extend(cached)
            return order
        commit = commits[sha]
        pending.discard(sha)
        order.append(commit)
        for parent in commit[4][:1] if first_parent else commit[4]:
            if parent not in seen:
                seen.add(parent)
                found = commits.get(parent)
                if found is None:
                    return None
                heapq.heappush(queue, (-found[7], len(seen), parent))
    return order


def git_bytes(git_cmd: git.Git, *args: str) -> bytes:
    """Standard output of a git command that may fail or print nothing (then b"")."""
    try:
        output = git_cmd.execute(["git", *args], stdout_as_string=False)
    except git.GitCommandError:
        return b""
    return output if isinstance(output, bytes) else b""


def _whole_day(value: str, clock: str) -> str:
    """A bare date means the whole day; git would otherwise take the current time of day."""
    return f"{value}T{clock}" if len(value) == 10 else value


def stream_log(git_cmd: git.Git, revs: str, *, first_parent: bool = False,
               since: str | None = None, until: str | None = None, renames: bool = True
               ) -> Iterator[RawCommit]:
    """One `git log` of `revs`, newest first (`renames=False`: without rename detection)."""
    args = list(_LOG) if renames else [a if a != "-M" else "--no-renames" for a in _LOG]
    if first_parent:
        args.append("--first-parent")
    if since:
        args.append(f"--since={_whole_day(since, '00:00:00')}")
    if until:
        args.append(f"--until={_whole_day(until, '23:59:59')}")
    args.append("--end-of-options")
    args.append(revs)
    args.append("--")
    process = git_cmd.execute(["git", *args], as_process=True, stdout_as_string=False)
    chunks = _drained(process.proc.stdout)
    buffer = b""
    shared: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    try:
        while chunk := chunks.get():
            buffer += chunk
            records = buffer.split(b"\x1e")
            buffer = records.pop()
            for record in records:
                if record:
                    yield _parse(record, shared)
        if buffer:
            yield _parse(buffer, shared)
    finally:
        process.wait()


def _drained(stdout: BinaryIO) -> queue.SimpleQueue[bytes]:
    """The chunks of `stdout`, read by a thread of their own until the end (then b"").

    git writes while the commits already read are parsed, instead of waiting on a full pipe;
    and a reader that stops early never leaves git blocked on it.
    """
    chunks: queue.SimpleQueue[bytes] = queue.SimpleQueue()

    def pump() -> None:
        try:
            while chunk := stdout.read(1 << 20):
                chunks.put(chunk)
        finally:
            chunks.put(b"")

    threading.Thread(target=pump, name="git-log-reader", daemon=True).start()
    return chunks


def missing_object(error: git.GitCommandError) -> bool:
    """Whether git stopped because an object it needed is absent (a partial clone, a trimmed
    mirror): rename detection reads blobs that `--no-renames` does not need."""
    text = str(error.stderr or "") + str(error)
    return any(s in text for s in ("unable to read", "missing blob", "could not read",
                                   "bad object", "missing object"))


def _parse(record: bytes, shared: dict[tuple[str, str, str], tuple[str, str, str]]
           ) -> RawCommit:
    """One commit's record. Repeated names and changes become one object each: less memory,
    and a smaller cache file (pickle stores a shared object once)."""
    header, _, body = record.partition(b"\0")
    sha, author, email, stamp, committed, parents, subject = header.decode(
        "utf-8", "replace").split("\x1f", 6)
    tokens = body.lstrip(b"\n").split(b"\0")
    changes = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = sys.intern(tokens[i].decode("ascii", "replace"))
        if status[:1] in "RC":
            old, new = _path(tokens[i + 1]), _path(tokens[i + 2])
            i += 3
        else:
            old = new = _path(tokens[i + 1])
            i += 2
        change = (status, old, new)
        changes.append(shared.setdefault(change, change))
    return RawCommit(sys.intern(sha), sys.intern(author), sys.intern(email), int(stamp),
                     tuple(sys.intern(p) for p in parents.split()), subject, tuple(changes),
                     int(committed))


def _path(raw: bytes) -> str:
    return sys.intern(raw.decode("utf-8", "surrogateescape"))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while 50,000 commits are built or loaded: they hold no
    cycles, and its passes over them were a tenth of a cached run (ADR 0005)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(repo: git.Repo, dated: bool, shallow: set[str]) -> tuple:
    """Everything besides the commits that changes what `git log` prints for them: git's
    version, its log and diff configuration, the mailmap, replaced objects, grafts, the
    shallow boundary, and the time zone when dates are given."""
    git_cmd = repo.git
    config = [entry for entry in git_bytes(git_cmd, "config", "--list", "-z").split(b"\0")
              if entry.startswith(LOG_CONFIG)]
    settings = dict(entry.partition(b"\n")[::2] for entry in config)
    top = Path(repo.working_tree_dir or repo.git_dir)
    mailmaps = [file_digest(top / ".mailmap") if repo.working_tree_dir else None]
    if b"mailmap.file" in settings:
        mailmaps.append(file_digest(top / Path(settings[b"mailmap.file"].decode(
            "utf-8", "surrogateescape")).expanduser()))
    blob = settings.get(b"mailmap.blob") or (b"HEAD:.mailmap" if repo.bare else None)
    if blob:
        mailmaps.append(git_bytes(git_cmd, "rev-parse", "--verify", "--quiet",
                                   "--end-of-options", blob.decode("utf-8", "replace")))
    replaced = git_bytes(git_cmd, "for-each-ref", "--format=%(objectname) %(refname)",
                          "refs/replace/")
    zone = ((time.timezone, time.altzone, time.daylight, *time.tzname)
            if dated else None)
    return (git_cmd.version_info, digest(b"\0".join(config)), tuple(mailmaps),
            digest(replaced), file_digest(Path(repo.common_dir) / "info" / "grafts"),
            digest("\n".join(sorted(shallow)).encode()), zone)


def tips(git_cmd: git.Git, rev: str | None) -> tuple[str, ...]:
    """The commit `rev` names (HEAD by default); for a range, every end, as SHAs."""
    if rev is not None and ".." in rev:
        output = git_cmd.rev_parse("--end-of-options", rev)
        return tuple(line for line in output.split() if not line.startswith("--"))
    return (git_cmd.rev_parse("--verify", "--end-of-options", f"{rev or 'HEAD'}^{{commit}}"),)
