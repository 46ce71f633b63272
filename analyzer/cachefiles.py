"""Cache files that can be trusted: a damaged, foreign or older file reads as "no entry".

An entry is: a magic line naming the cache, the length of a pickled header, the header (format
version, the full key, the caller's stamp, a BLAKE2b digest and the size of the payload), then
the payload, a pickle of plain tuples. Reading builds built-in values only (a file can never
name a class or function to call); a write goes to a temporary file renamed into place.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.files import user_cache_dir, write_atomic

#: Moves every cache of Faultline (history, scans, results) to another folder.
ENV_VAR = "FAULTLINE_CACHE_DIR"
_LENGTH_BYTES = 4


def is_inside(folder: Path, others: Sequence[str | Path | None]) -> bool:
    """Whether `folder` is one of `others` or lies below one of them (links resolved)."""
    resolved = folder.expanduser().resolve()
    for other in others:
        if other is None:
            continue
        top = Path(other).resolve()
        if resolved == top or top in resolved.parents:
            return True
    return False


def cache_folder(name: str) -> Path:
    """The folder of one cache: `$FAULTLINE_CACHE_DIR/name` or the user cache's."""
    root = os.environ.get(ENV_VAR)
    return (Path(root).expanduser() if root else user_cache_dir()) / name


@dataclass(frozen=True)
class Entry:
    """A stored value: the caller's stamp (what it was read at) and its rows."""

    stamp: object
    rows: list[tuple]


@dataclass(frozen=True)
class Store:
    """One kind of cache file: its magic line and the format version of its entries."""

    magic: bytes
    format: int

    def path(self, folder: Path, key: str) -> Path:
        """The file holding the entry for `key`."""
        text = f"{self.format}\0{key}".encode("utf-8", "surrogateescape")
        return folder / f"{hashlib.sha256(text).hexdigest()[:32]}.pickle"

    def load(self, folder: Path, key: str, usable: Callable[[object], bool] = lambda _s: True,
             fits: Callable[[list], bool] = lambda _rows: True) -> Entry | None:
        """The entry stored for `key` if its stamp is `usable` and its rows `fit` (have the
        shape the caller stores), else None. The rows are not read for an unusable stamp."""
        try:
            with self.path(folder, key).open("rb") as handle:
                if handle.read(len(self.magic)) != self.magic:
                    return None
                size = int.from_bytes(handle.read(_LENGTH_BYTES), "big")
                header = _loads(handle.read(size))
                if (not isinstance(header, dict) or header.get("format") != self.format
                        or header.get("key") != key or not usable(header.get("stamp"))):
                    return None
                payload = handle.read()
            if (header.get("size") != len(payload)
                    or header.get("digest") != hashlib.blake2b(payload).hexdigest()):
                return None
            rows = _loads(payload)
            if not isinstance(rows, list) or not fits(rows):
                return None
        except Exception:  # whatever is wrong with a cache file, it is a miss, not a crash
            return None
        return Entry(stamp=header["stamp"], rows=rows)

    def save(self, folder: Path, key: str, stamp: object, rows: Sequence[tuple]) -> Path:
        """Store `rows` (plain tuples, strings, numbers) under `key`, replacing any older."""
        payload = pickle.dumps([tuple(row) for row in rows], protocol=5)
        header = pickle.dumps({"format": self.format, "key": key, "stamp": stamp,
                               "size": len(payload),
                               "digest": hashlib.blake2b(payload).hexdigest()}, protocol=5)
        path = self.path(folder, key)
        write_atomic(path, b"".join(
            (self.magic, len(header).to_bytes(_LENGTH_BYTES, "big"), header, payload)))
        return path


class _PlainUnpickler(pickle.Unpickler):
    """Builds only built-in values: a cache file can never name a class or function to call."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"the cache holds no objects ({module}.{name})")


def _loads(data: bytes | memoryview) -> object:
    return _PlainUnpickler(io.BytesIO(data)).load()


#: Modules whose version can change a result (the cut, the import graph, the history) or its
#: summary on the terminal (rich): where each is installed, and when, goes into the key.
DEPENDENCIES = ("grimp", "igraph", "networkx", "git", "numpy", "rich")


def tool_version() -> str:
    """This Faultline's version, a digest of its own source files' sizes and times (a checkout
    being worked on changes without a new version number), Python's version and where each
    of DEPENDENCIES is installed, with its size and time (an upgrade rewrites it). Caches of
    findings keyed on it are misses after any change to the tool."""
    from importlib.util import find_spec

    from analyzer._version import __version__

    package = os.path.dirname(os.path.abspath(__file__))  # the analyzer package
    rows = []
    pending = [package]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    rows.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}")
    sources = hashlib.blake2b("\n".join(sorted(rows)).encode("utf-8", "surrogateescape"),
                              digest_size=16)
    installed = []
    for name in DEPENDENCIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None and spec.origin else None
        installed.append(f"{name}={origin}:{stat_pair(Path(origin)) if origin else '-'}")
    return (f"{__version__}+{sources.hexdigest()} python{sys.version_info[0]}."
            f"{sys.version_info[1]} {' '.join(installed)}")


def stat_pair(path: Path) -> tuple[int, int]:
    """(size, modification time in ns) of a file; (-1, -1) when it cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)
