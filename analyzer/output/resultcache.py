"""A cache of whole analyses: an unchanged repository, analysed again with the same settings by
the same tool, gets the analysis.json (and the files written with it) of last time.

The key (`result_key`, pure) is a SHA-256 over everything the result depends on: the HEAD
commit, the state of the files the analysis can read in the work tree, the files git ignores
there, the settings, the history options (and what else shapes `git log`'s output), and the
tool's version. `analysis_key` gathers those facts for a folder from directory listings and
file times (`tree_state`, no Python file is read), a few git commands run while the tree is
listed, and `tool_version` (file times again): no file is hashed.

Entries live in `$FAULTLINE_CACHE_DIR/results/` (default `$XDG_CACHE_HOME/faultline/results/`,
else `~/.cache/faultline/results/`), beside the history cache and never in the analysed
repository; storing and reading them is `analyzer.output.resultstore` (re-exported here).
Files stored beside an analysis (the CSV files, the summary as printed) go under
`companion_key(key, name)`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from analyzer.cachefiles import stat_pair, tool_version
from analyzer.output.resultstore import (  # noqa: F401 - the cache's files, re-exported
    FORMAT,
    MAX_BYTES,
    MAX_ENTRIES,
    entry_path,
    load_result,
    results_dir,
    save_result,
)

#: Files changed this recently may change again within one tick of a coarse file clock without
#: their size or time showing it (git's "racy" files): a state holding one is not stored.
RACY_NS = 2_000_000_000
#: Files at the repository's root that shape the analysis besides the Python files.
ROOT_FILES = ("pyproject.toml", ".mailmap")


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
    history   what else git says about the repository: what shapes what it prints (the
              commits the revision names, its configuration, replace refs, mailmap, grafts,
              shallow boundary) and what it ignores in the work tree; anything JSON-like;
    version   the tool's version (`tool_version()`);
    extra     anything else the output depends on (the analysed path, the branch name,
              whether a backtest is added, the document's schema version).
    """
    payload = {
        "format": FORMAT, "head": head, "settings": _plain(settings),
        "history": _plain(history), "version": version, "extra": _plain(extra),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    key = hashlib.sha256(text.encode("ascii"))
    key.update(b"\0")
    key.update(_rows_text(files).encode("ascii"))
    return key.hexdigest()


def _rows_text(files: Iterable[Sequence[object]]) -> str:
    """The rows of `files` as JSON text in a fixed order (sorted): rows of plain values (the
    (path, size, mtime_ns) of `tree_state`) as they are, others made plain first."""
    rows = [tuple(row) for row in files]
    try:
        rows.sort()
        return json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                          allow_nan=False)
    except (TypeError, ValueError):  # sets, paths, bytes, mixed types: the slow way
        plain = sorted((_plain(list(row)) for row in rows), key=repr)
        return json.dumps(plain, separators=(",", ":"), ensure_ascii=True)


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
    when the cache cannot tell what the result depends on (a revision git cannot resolve, no
    commit yet, no git to ask: the analysis will say why).

    Git is asked while the work tree is listed: one `git rev-parse` (the work tree, HEAD, the
    branch and the commits `settings["rev"]` names), `git config --list`, the replace refs,
    and the files git ignores (as discovery asks for them); the mailmap, grafts and shallow
    boundary are read from their files. Any trouble asking means no key, never an error."""
    import time

    now_ns = time.time_ns() if now_ns is None else now_ns
    try:
        asking = _GitFacts(root, settings)
    except Exception:  # no git to run, a revision that looks like an option: no cache
        return None
    try:
        files = tree_state(root)
        version = tool_version()
    finally:
        facts = asking.collect()
    if facts is None:
        return None
    key = result_key(head=facts["head"], files=files, settings=settings, history=facts,
                     version=version, extra={"root": str(root), "extra": extra})
    return key, not is_racy(files, now_ns)


class _GitFacts:
    """The git commands of `analysis_key`, started at once and run while Python lists the
    work tree; `collect()` waits for them and returns the facts, or None when there is no
    key to be had."""

    def __init__(self, root: Path, settings: Mapping[str, object]) -> None:
        import subprocess
        import threading

        self.root = root
        self.dated = bool(settings.get("since") or settings.get("until"))
        rev = settings.get("rev")
        if rev is not None and (not isinstance(rev, str) or rev.startswith("-")
                                or not rev.strip()):
            raise ValueError("not a revision")  # refused by the analysis itself
        # A range names each of its ends (as `analyzer.history.stream.tips` says them).
        revs = [] if rev is None else [rev if ".." in rev else f"{rev}^{{commit}}"]
        executable = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
        self.git = executable
        quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE,
                 "stderr": subprocess.PIPE, "cwd": root}
        self.started = [subprocess.Popen(command, **quiet) for command in (
            # The work tree, HEAD, what --rev names and the branch, in one call ("--" last:
            # every argument is a revision, never a path).
            [executable, "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir",
             "HEAD^{commit}", *revs, "--symbolic-full-name", "HEAD", "--"],
            [executable, "config", "--list", "-z"],
            [executable, "for-each-ref", "--format=%(objectname) %(refname)",
             "refs/replace/"],
        )]
        self.ignored: object = None
        self.thread = threading.Thread(target=self._ignored, daemon=True)
        self.thread.start()

    def _ignored(self) -> None:
        from analyzer.code.ignored import ignored_paths

        try:
            found = ignored_paths(self.root)
            self.ignored = (sorted(found.folders), sorted(found.files), found.problem)
        except Exception as error:  # whatever it is, the key must not match a good run's
            self.ignored = ("failed", repr(error))

    def collect(self) -> dict[str, object] | None:
        outputs = []
        for process in self.started:
            out, _err = process.communicate()
            outputs.append((process.returncode, out))
        self.thread.join()
        (code, parsed), (config_code, config), (refs_code, replaced) = outputs
        if code != 0:  # outside git, or no commit yet, or a revision git cannot resolve
            return self._outside() if self._not_a_repository() else None
        if config_code != 0 or refs_code != 0:
            return None
        lines = [line for line in parsed.decode("utf-8", "surrogateescape").splitlines()
                 if line != "--"]
        if len(lines) < 5:
            return None
        top, git_dir, common = (os.path.join(self.root, line) for line in lines[:3])
        head, named, symbolic = lines[3], lines[4:-1], lines[-1]
        entries = [entry for entry in config.split(b"\0") if entry]
        values = dict(entry.partition(b"\n")[::2] for entry in entries)
        mailmaps: list[object] = [_digest_file(Path(top) / ".mailmap")]
        if b"mailmap.file" in values:
            mailmaps.append(_digest_file(Path(top) / Path(values[b"mailmap.file"].decode(
                "utf-8", "surrogateescape")).expanduser()))
        if b"mailmap.blob" in values:
            mailmaps.append(self._blob(values[b"mailmap.blob"]))
        return {
            "head": head,
            "branch": symbolic,
            "tips": named or [head],
            "top": os.path.realpath(top),
            "git_dir": os.path.realpath(git_dir),
            "config": hashlib.blake2b(b"\0".join(entries), digest_size=16).hexdigest(),
            "mailmap": mailmaps,
            "replaced": hashlib.blake2b(replaced, digest_size=16).hexdigest(),
            "grafts": _digest_file(Path(common) / "info" / "grafts"),
            "shallow": _digest_file(Path(common) / "shallow"),
            "zone": time_zone() if self.dated else None,
            "git": _executable(self.git),
            "environment": sorted((name, value) for name, value in os.environ.items()
                                  if name.startswith("GIT_")),
            "ignored": self.ignored,
        }

    def _not_a_repository(self) -> bool:
        """Whether the folder lies outside any git repository (git says so, in English)."""
        import subprocess

        result = subprocess.run([self.git, "rev-parse", "--git-dir"], cwd=self.root,
                                capture_output=True, stdin=subprocess.DEVNULL, check=False,
                                env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C"})
        return result.returncode != 0 and b"not a git repository" in result.stderr.lower()

    def _outside(self) -> dict[str, object]:
        """The facts of a folder outside git: no history, nothing ignored (but what git is
        there, and what it is told, in case that changes)."""
        return {"head": None, "git": _executable(self.git), "ignored": self.ignored,
                "environment": sorted((name, value) for name, value in os.environ.items()
                                      if name.startswith("GIT_"))}

    def _blob(self, name: bytes) -> str | None:
        import subprocess

        result = subprocess.run(
            [self.git, "rev-parse", "--verify", "--quiet", "--end-of-options",
             name.decode("utf-8", "replace")], cwd=self.root, capture_output=True,
            stdin=subprocess.DEVNULL, check=False)
        return result.stdout.decode("ascii", "replace").strip() or None


def time_zone() -> tuple:
    """The local time zone, which shapes how git reads the dates of --since and --until."""
    import time

    return (time.timezone, time.altzone, time.daylight, *time.tzname)


def _executable(name: str) -> tuple[str, int, int] | None:
    """Which git runs: its resolved path, size and time (a new git, a new key)."""
    import shutil

    found = shutil.which(name)
    if found is None:
        return None
    real = os.path.realpath(found)
    return (real, *stat_pair(Path(real)))


def _digest_file(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def tree_state(root: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every Python file below `root` outside hidden folders (the
    files discovery may read, whatever the settings), of ROOT_FILES, and (folder/, -1, -1) for
    every such folder: what the work tree looks like to an analysis. Reads no file."""
    rows: list[tuple[str, int, int]] = [(name, *stat_pair(root / name)) for name in ROOT_FILES]
    append = rows.append
    pending = [("", str(root))]
    while pending:
        relative, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name[0] != ".":
                        path = f"{relative}{name}/"
                        append((path, -1, -1))
                        pending.append((path, entry.path))
                elif name.endswith(".py"):
                    info = entry.stat()
                    append((relative + name, info.st_size, info.st_mtime_ns))
            except OSError:
                append((relative + name, -2, -2))
    rows.sort()
    return rows


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
