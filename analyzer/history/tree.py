"""A commit's files without touching the user's work tree, index or HEAD (git adapter).

`exported` writes into a temporary folder what an analysis of one commit reads: its folders,
its Python files, its pyproject.toml files (`[tool.faultline]`), its decision records (`*.md`,
`.adr-dir`) and its symbolic links (discovery and the ADR finder resolve them); nothing else,
so an object a partial clone or a trimmed mirror lacks for another file (a PDF, a video, a
source map) does not matter. The tree is read into a temporary index (`GIT_INDEX_FILE`,
`git read-tree`, whose checks refuse paths such as `.git` or `..`) and listed; the files'
objects are read raw (`git cat-file --batch`) and written by Faultline: no checkout, no hook,
no filter or smudge command (git-lfs) runs, no line ending is converted, and unlike
`git archive` no `export-ignore` attribute drops a file. Folders come first, then the files
(created afresh, never through a link), the symbolic links last. `.gitignore` files are not
written: every file of a commit is tracked, and git ignores no tracked file.

A missing object of a file the analysis reads is an InputError naming the file; one of a
record or a link leaves that file out. Refs are checked before git sees them: one that looks
like an option is refused, the rest are resolved with
`git rev-parse --verify --end-of-options REF^{commit}` to a full SHA.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import InputError
from analyzer.history.log import HistoryOptions, check_options

#: Variables that would point git at another repository, work tree or index than ours.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_SYMLINK, _GITLINK = "120000", "160000"
#: Objects read by one `git cat-file --batch` (their contents are held at once).
_BATCH = 1000
#: A file created afresh: never one already there, never through a symbolic link.
_NEW_FILE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


@dataclass(frozen=True)
class Checkout:
    """Where a folder sits in its repository: the work tree's top and the folder below it."""

    top: Path
    prefix: str  # "" or "sub/dir/" (with a trailing slash), as `git rev-parse --show-prefix`


def locate(path: Path) -> Checkout:
    """The repository holding `path`; an InputError outside git."""
    if not path.is_dir():
        raise InputError(f"'{path}' is not a folder; give the repository to compare.")
    try:
        top = _git(path, "rev-parse", "--show-toplevel").strip()
        prefix = _git(path, "rev-parse", "--show-prefix").strip()
    except InputError as error:
        raise InputError(f"'{path}' is not inside a git work tree; `faultline pr` compares "
                         "two commits of a git repository.") from error
    return Checkout(Path(top), prefix)


def resolve(top: Path, ref: str, *, role: str = "ref") -> str:
    """The full SHA of the commit `ref` names; refs that look like options are refused."""
    try:
        check_options(HistoryOptions(rev=ref))
    except InputError as error:
        raise InputError(f"--{role} '{ref}' is not a git ref (it looks like an option or is "
                         "empty); give a branch, tag or commit.") from error
    if ".." in ref:
        raise InputError(f"--{role} '{ref}' is a range; give one branch, tag or commit.")
    try:
        sha = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{ref}^{{commit}}").strip()
    except InputError as error:
        raise InputError(f"--{role} '{ref}' is not a commit in this repository; check the "
                         "branch, tag or SHA, and fetch it (a CI checkout needs "
                         "fetch-depth: 0).") from error
    if not _SHA.match(sha):
        raise InputError(f"--{role} '{ref}' did not name one commit.")
    return sha


def merge_base(top: Path, base: str, head: str) -> str:
    """The commit where `head` left `base` (`base` itself when they share none)."""
    try:
        found = _git(top, "merge-base", base, head).strip()
    except InputError:
        return base
    return found if _SHA.match(found) else base


def changed_files(top: Path, base: str, head: str) -> tuple[str, ...]:
    """Repo-relative paths changed between the merge base of `base` and `head`, and `head`.

    Renames count as a removal and an addition, so both paths are listed.
    """
    out = _git(top, "-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", "-z",
               f"{base}...{head}")
    return tuple(sorted({p for p in out.split("\0") if p}))


@contextmanager
def exported(top: Path, sha: str, folder: str | None = None, *,
             progress: Callable[[str], None] | None = None) -> Iterator[Path]:
    """A temporary folder holding what an analysis reads of commit `sha`; removed afterwards.

    `folder` is the folder analysed ("" or "sub/dir/", as `Checkout.prefix`): the Python
    files below it and its pyproject.toml are needed, and no other is written. None (not
    known) needs every Python file and every pyproject.toml. A needed file whose object is
    missing is an InputError; a record or link whose object is missing is left out (said
    through `progress`).
    """
    if not _SHA.match(sha):
        raise InputError(f"'{sha}' is not a resolved commit SHA.")
    with tempfile.TemporaryDirectory(prefix="faultline-tree-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(top, "read-tree", "--no-recurse-submodules", sha, env=env)
        listed = _entries(_git_bytes(top, "ls-files", "--stage", "-z", env=env))
        inside = None if folder is None else os.fsencode(folder)
        root = os.fsencode(tree)
        for path in sorted(_folders(listed)):
            _folder(root, path)
        chosen = [e for e in listed if e.mode != _GITLINK and _wanted(e, inside)]
        missing = _write(top, sha, root, [e for e in chosen if e.mode != _SYMLINK], inside)
        missing += _write(top, sha, root, [e for e in chosen if e.mode == _SYMLINK], inside)
        needed = sorted((e for e in missing if _needed(e.path, inside)),
                        key=lambda e: e.path)
        if needed:
            raise InputError(_missing_message(needed, sha))
        if missing and progress is not None:
            progress(f"left out {len(missing)} decision record(s) or link(s) of {sha[:12]} "
                     "whose git objects are missing")
        yield tree


@dataclass(frozen=True)
class _Entry:
    """One file of the temporary index: its mode, object id and repo-relative path (bytes,
    as git stores it)."""

    mode: str
    oid: str
    path: bytes


def _entries(listing: bytes) -> list[_Entry]:
    """The entries of `git ls-files --stage -z`; any with a path no file may have (empty
    parts, `.`, `..`, `.git`: git refuses them already) is dropped."""
    entries = []
    for record in listing.split(b"\0"):
        meta, tab, path = record.partition(b"\t")
        fields = meta.split(b" ")
        if not tab or len(fields) != 3 or not _safe(path):
            continue
        entries.append(_Entry(fields[0].decode("ascii", "replace"),
                              fields[1].decode("ascii", "replace"), path))
    return entries


def _safe(path: bytes) -> bool:
    return all(part not in (b"", b".", b"..") and part.lower() != b".git"
               for part in path.split(b"/"))


def _needed(path: bytes, folder: bytes | None) -> bool:
    """Whether the analysis of `folder` (None: any folder) reads the file at `path`."""
    name = path.rpartition(b"/")[2]
    if name.endswith(b".py"):
        return folder is None or path.startswith(folder)
    if name == b"pyproject.toml":
        return folder is None or path == folder + name
    return False


def _wanted(entry: _Entry, folder: bytes | None) -> bool:
    """Needed, or a decision record, or a symbolic link (`faultline pr` looks for the ADR
    folder below the analysed folder and at the top)."""
    name = entry.path.rpartition(b"/")[2]
    return (_needed(entry.path, folder) or entry.mode == _SYMLINK or name == b".adr-dir"
            or name.endswith(b".md"))


def _folders(entries: list[_Entry]) -> set[bytes]:
    """Every folder of the tree, the empty ones a submodule leaves included (as a checkout
    has them: discovery sees the same folders, whatever files are left out)."""
    found = set()
    for entry in entries:
        parts = entry.path.split(b"/")
        if entry.mode == _GITLINK:
            found.add(entry.path)
        found.update(b"/".join(parts[:end]) for end in range(1, len(parts)))
    return found


def _folder(root: bytes, path: bytes) -> bytes | None:
    """`root/path` made a folder with the folders above it; None when a part of it is
    something else (a file, or a link: nothing is ever written through one)."""
    current = root
    for part in path.split(b"/"):
        current = os.path.join(current, part)
        try:
            os.mkdir(current, 0o755)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return None
        except OSError:
            return None
    return current


def _write(top: Path, sha: str, root: bytes, entries: list[_Entry], folder: bytes | None
           ) -> list[_Entry]:
    """Write `entries` below `root` from their objects; returns those whose object is
    missing. A needed file that cannot be written is an InputError; another is left out."""
    by_oid: dict[str, list[_Entry]] = {}
    for entry in entries:
        by_oid.setdefault(entry.oid, []).append(entry)
    oids = sorted(by_oid)
    absent: set[str] = set()
    asked = False  # whether `absent` was asked of git (only once reading an object failed)
    missing: list[_Entry] = []
    for start in range(0, len(oids), _BATCH):
        batch = oids[start:start + _BATCH]
        try:
            found = _objects(top, [o for o in batch if o not in absent])
        except InputError:  # a partial clone whose remote cannot give an object: git stops
            if asked:
                raise
            absent, asked = _absent(top, sha), True
            found = _objects(top, [o for o in batch if o not in absent])
        for oid in batch:
            data = found.get(oid)
            for entry in by_oid[oid]:
                if data is None:
                    missing.append(entry)
                else:
                    _put(root, entry, data, needed=_needed(entry.path, folder))
    return missing


def _put(root: bytes, entry: _Entry, data: bytes, *, needed: bool) -> None:
    head, _, name = entry.path.rpartition(b"/")
    parent = _folder(root, head) if head else root
    if parent is None:
        return
    target = os.path.join(parent, name)
    try:
        if entry.mode == _SYMLINK:
            os.symlink(data, target)
            return
        fd = os.open(target, _NEW_FILE, 0o755 if entry.mode == "100755" else 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except FileExistsError:  # a second entry for one path (a case-insensitive file system)
        return
    except (OSError, ValueError) as error:  # ValueError: a link target holding a NUL byte
        if needed:
            raise InputError(f"'{os.fsdecode(entry.path)}' cannot be written to a temporary "
                             f"folder: {getattr(error, 'strerror', None) or error}.") from error


def _objects(top: Path, oids: list[str]) -> dict[str, bytes]:
    """The contents of the blobs among `oids` (`git cat-file --batch`); the missing ones and
    any other kind of object are left out."""
    if not oids:
        return {}
    out = _git_bytes(top, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids))
    found: dict[str, bytes] = {}
    at = 0
    for oid in oids:
        end = out.find(b"\n", at)
        header = out[at:end].split(b" ") if end >= 0 else []
        if header[-1:] == [b"missing"]:
            at = end + 1
            continue
        if len(header) != 3 or header[0] != oid.encode() or not header[2].isdigit():
            raise InputError(f"git cat-file gave an answer Faultline cannot read for {oid}.")
        size = int(header[2])
        if header[1] == b"blob":
            found[oid] = out[end + 1:end + 1 + size]
        at = end + 2 + size
    return found


def _absent(top: Path, sha: str) -> set[str]:
    """The objects of commit `sha`'s tree that the object store lacks, asked without
    fetching them from a partial clone's remote (`git rev-list --missing=print`)."""
    out = _git(top, "rev-list", "--objects", "--no-walk", "--missing=print", sha)
    return {line[1:].strip() for line in out.splitlines() if line.startswith("?")}


def _missing_message(entries: list[_Entry], sha: str) -> str:
    first = entries[0]
    more = f" (and {len(entries) - 1} more files the analysis reads)" if entries[1:] else ""
    return (f"'{os.fsdecode(first.path)}'{more} cannot be read at commit {sha[:12]}: its git "
            f"object {first.oid[:12]} is missing from this clone (a partial clone or a trimmed "
            "mirror); fetch the commit's objects (a full clone, or `git fetch --refetch`) and "
            "run again.")


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
         ) -> str:
    return _git_bytes(cwd, *args, env=env, stdin=stdin).decode("utf-8", "surrogateescape")


def _git_bytes(cwd: Path, *args: str, env: dict[str, str] | None = None,
               stdin: str | None = None) -> bytes:
    clean = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    clean.update(env or {})
    try:
        # core.fsmonitor off: reading an index never runs the monitor hook a config names
        result = subprocess.run(["git", "-c", "core.fsmonitor=false", *args], cwd=cwd,
                                env=clean, capture_output=True, check=False,
                                input=None if stdin is None else stdin.encode("ascii"),
                                stdin=subprocess.DEVNULL if stdin is None else None)
    except FileNotFoundError as error:
        raise InputError("git is not on the PATH; install git to compare commits.") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {detail[-1] if detail else result.returncode}")
    return result.stdout
