"""A cache of whole analyses: an unchanged repository, analysed again with the same settings by
the same tool, gets the analysis.json (and the files written with it) of last time.

The key (`result_key`, pure) is a SHA-256 over everything the result depends on: the HEAD
commit, the state of the files the analysis can read in the work tree, the settings, the
history options (and what else shapes `git log`'s output), and the tool's version.
`analysis_key` gathers those facts for a folder: directory listings and file times
(`tree_state`, no file is read), git's answers, `tool_version`.

Entries live in `$FAULTLINE_CACHE_DIR/results/` (default `$XDG_CACHE_HOME/faultline/results/`,
else `~/.cache/faultline/results/`), beside the history cache and never in the analysed
repository. The cache's own file I/O is `load_result` and `save_result`: an entry is a magic
line, a header line (format, the full key, the payload's size and BLAKE2b digest) and the
UTF-8 text. Anything unexpected about an entry (missing, truncated, corrupt, foreign, of an
older format) reads as a miss, never as an error; a write goes to a temporary file renamed into
place, and the oldest entries go when the folder grows past MAX_ENTRIES or MAX_BYTES. Files
stored beside an analysis go under `companion_key(key, name)`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

#: Bump when the layout of an entry or what goes into the key changes.
FORMAT = 1
ENV_VAR = "FAULTLINE_CACHE_DIR"
_MAGIC = b"faultline-result-cache\n"
#: The folder keeps at most this many entries, and this many bytes: the oldest go first.
MAX_ENTRIES = 48
MAX_BYTES = 256 * 2**20
#: Files changed this recently may change again within one tick of a coarse file clock without
#: their size or time showing it (git's "racy" files): a state holding one is not stored.
RACY_NS = 2_000_000_000
#: Files at the repository's root that shape the analysis besides the Python files.
ROOT_FILES = ("pyproject.toml", ".mailmap")
#: Distributions whose version can change a result (the cut, the import graph, the history).
DEPENDENCIES = ("grimp", "igraph", "networkx", "GitPython")


def results_dir() -> Path:
    """The result cache folder: `$FAULTLINE_CACHE_DIR/results` or the user cache's."""
    root = os.environ.get(ENV_VAR)
    if root:
        return Path(root).expanduser() / "results"
    from analyzer.files import user_cache_dir

    return user_cache_dir() / "results"


def result_key(
    *,
    head: str | None,
    files: Iterable[Sequence[object]],
    settings: Mapping[str, object],
    history: object,
    version: str,
    extra: object = None,
) -> str:
    """The cache key (64 hex digits) of an analysis; pure.

    head      the analysed commit (None outside git or before the first commit);
    files     one row per file the analysis can read, e.g. (path, size, mtime_ns) from
              `tree_state`, or (path, content digest); their order does not matter;
    settings  the effective settings (`Settings.to_dict()`);
    history   the history options and what else shapes what git prints (its fingerprint, the
              commits the revision names), anything JSON-like;
    version   the tool's version (`tool_version()`);
    extra     anything else the output depends on (the analysed path, the branch name,
              whether a backtest is added, the document's schema version).
    """
    payload = {
        "format": FORMAT, "head": head, "files": sorted(_plain(list(row)) for row in files),
        "settings": _plain(settings), "history": _plain(history), "version": version,
        "extra": _plain(extra),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def companion_key(key: str, name: str) -> str:
    """The key of a file stored beside the analysis under `key` (coupling.csv, ...)."""
    return f"{key}/{name}"


def is_racy(files: Iterable[Sequence[object]], now_ns: int) -> bool:
    """Whether a state from `tree_state` taken at `now_ns` holds a file changed too recently
    to be trusted by its size and time (then the result is not stored)."""
    return any(isinstance(row[2], int) and row[2] >= now_ns - RACY_NS
               for row in files if len(row) >= 3)


def unchanged(old: str, new: str) -> bool:
    """Whether two analysis.json texts differ in `generated_at` at most (the older file can
    then stay as it is)."""
    return old == new or _GENERATED.sub("", old, count=1) == _GENERATED.sub("", new, count=1)


_GENERATED = re.compile(r'^  "generated_at": "[^"\n]*",?$', re.M)


# --- what the key is made of (directory listings, file times and git's answers) -------------


def analysis_key(root: Path, settings: Mapping[str, object], *, extra: object = None,
                 now_ns: int | None = None) -> tuple[str, bool] | None:
    """The key of analysing the folder `root` (resolved) with `settings` (the effective
    `Settings.to_dict()`), and whether a result may be stored under it (no racy file); None
    when git cannot say what the history is (a bad revision: the analysis will say why).

    Asks git for HEAD, the branch, the commits `settings["rev"]` names and the history's
    fingerprint (configuration, mailmap, replaced objects, grafts, shallow boundary); any
    trouble asking means no key, never an error."""
    import time

    now_ns = time.time_ns() if now_ns is None else now_ns
    files = tree_state(root)
    try:
        facts = _git_facts(root, settings)
    except Exception:  # whatever git cannot say, the analysis itself reports; no cache then
        return None
    if facts is False:
        return None
    key = result_key(head=facts[0] if facts else None, files=files, settings=settings,
                     history=facts[1:] if facts else None, version=tool_version(),
                     extra={"root": str(root), "extra": extra})
    return key, not is_racy(files, now_ns)


def _git_facts(root: Path, settings: Mapping[str, object]) -> tuple | bool | None:
    """(head, branch, tips, fingerprint), None outside git or before the first commit, False
    when the revision to read cannot be resolved."""
    import git

    from analyzer.history.log import _shallow_boundaries
    from analyzer.history.stream import fingerprint, tips

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    with repo:
        try:
            head = repo.head.commit.hexsha
            branch = None if repo.head.is_detached else repo.active_branch.name
        except (ValueError, TypeError, git.GitError):
            return None
        rev = settings.get("rev")
        try:
            named = tips(repo.git, rev if isinstance(rev, str) else None)
            shallow = _shallow_boundaries(Path(repo.common_dir))
            printed = fingerprint(repo, bool(settings.get("since") or settings.get("until")),
                                  shallow)
        except (git.GitError, OSError, ValueError):
            return False
        return (head, branch, named, printed, str(Path(repo.working_tree_dir or root)))


def tree_state(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every Python file below `root` outside hidden folders (the
    files discovery may read, whatever the settings), of ROOT_FILES, and (folder/, -1, -1) for
    every such folder: what the work tree looks like to an analysis. Reads no file."""
    rows: list[tuple[str, int, int]] = []
    for name in ROOT_FILES:
        rows.append((name, *_stat(root / name)))
    pending = [("", str(root))]
    while pending:
        relative, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            path = f"{relative}{name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith("."):
                        rows.append((f"{path}/", -1, -1))
                        pending.append((f"{path}/", entry.path))
                elif name.endswith(".py"):
                    info = entry.stat()
                    rows.append((path, info.st_size, info.st_mtime_ns))
            except OSError:
                rows.append((path, -2, -2))
    rows.sort()
    return rows


def tool_version() -> str:
    """This Faultline's version, a digest of its own source files' sizes and times (a checkout
    being worked on changes without a new version number), Python's version and those of
    DEPENDENCIES."""
    from importlib import metadata

    from analyzer._version import __version__

    package = Path(__file__).resolve().parent.parent
    sources = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        sources.update(f"{path.relative_to(package)}\0{_stat(path)}\0".encode(
            "utf-8", "surrogateescape"))
    versions = []
    for name in DEPENDENCIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return (f"{__version__}+{sources.hexdigest()} python{sys.version_info[0]}."
            f"{sys.version_info[1]} {' '.join(versions)}")


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _plain(value: object) -> object:
    """`value` as JSON-ready data in a fixed order (sets sorted, paths as text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return repr(value)


# --- the cache's files ----------------------------------------------------------------------


def entry_path(folder: Path, key: str) -> Path:
    """The file holding the entry for `key`."""
    digest = hashlib.sha256(f"{FORMAT}\0{key}".encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{digest[:40]}.result"


def load_result(folder: Path, key: str) -> str | None:
    """The text stored under `key` in `folder`, or None when there is none to trust."""
    try:
        path = entry_path(folder, key)
        if path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        end = data.index(b"\n", len(_MAGIC))
        header = json.loads(data[len(_MAGIC):end])
        payload = memoryview(data)[end + 1:]
        if (not isinstance(header, dict) or header.get("format") != FORMAT
                or header.get("key") != key or header.get("size") != len(payload)
                or header.get("blake2b") != hashlib.blake2b(payload).hexdigest()):
            return None
        return str(payload, "utf-8")
    except Exception:  # whatever is wrong with an entry, it is a miss, not a crash
        return None


def save_result(folder: Path, key: str, text: str, *, outside: Sequence[Path] = ()) -> bool:
    """Store `text` under `key` in `folder`, replacing any older entry; False when it could not
    be written, or when `folder` lies inside one of `outside` (the analysed repository)."""
    from analyzer.files import write_atomic
    from analyzer.history.cache import is_inside

    if is_inside(folder, list(outside)):
        return False
    payload = text.encode("utf-8")
    header = json.dumps({"format": FORMAT, "key": key, "size": len(payload),
                         "blake2b": hashlib.blake2b(payload).hexdigest()},
                        separators=(",", ":"), ensure_ascii=True).encode("ascii")
    try:
        write_atomic(entry_path(folder, key), b"".join((_MAGIC, header, b"\n", payload)))
        _prune(folder)
    except OSError:
        return False
    return True


def _prune(folder: Path) -> None:
    """The oldest entries go while there are more than MAX_ENTRIES or MAX_BYTES of them."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".result"):
            try:
                info = entry.stat()
            except OSError:
                continue
            entries.append((info.st_mtime_ns, entry.name, info.st_size))
    entries.sort(reverse=True)
    total = 0
    for number, (_when, name, size) in enumerate(entries):
        total += size
        if number >= MAX_ENTRIES or (number and total > MAX_BYTES):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
