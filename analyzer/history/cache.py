"""The history cache's files: where they live, and reading and writing them safely.

One file per key, in `$FAULTLINE_CACHE_DIR/history/` (default
`$XDG_CACHE_HOME/faultline/history/`, else `~/.cache/faultline/history/`), never in the
analysed repository. The keys, what goes into an entry and when it may be reused are decided
by `analyzer.history` (a raw log per repository and log options, and its summary per set of
filters); this module only stores opaque values (see ADR 0005).

An entry is: a magic line, the length of a pickled header, the header (format version, the
full key, the caller's stamp, a BLAKE2b digest and the size of the payload), then the payload,
a pickle of plain tuples. Anything unexpected (a missing, truncated, corrupt, foreign or older
file) reads as "no entry"; a write goes to a temporary file renamed into place.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.files import user_cache_dir, write_atomic

#: Bump when the layout of an entry or of the values stored in it changes.
FORMAT = 1
ENV_VAR = "FAULTLINE_CACHE_DIR"
_MAGIC = b"faultline-history-cache\n"
_LENGTH_BYTES = 4


@dataclass(frozen=True)
class Entry:
    """A stored value: the caller's stamp (what it was read at) and its rows."""

    stamp: object
    rows: list[tuple]


def cache_dir() -> Path:
    """The history cache folder: `$FAULTLINE_CACHE_DIR/history` or the user cache's."""
    root = os.environ.get(ENV_VAR)
    return (Path(root).expanduser() if root else user_cache_dir()) / "history"


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


def entry_path(folder: Path, key: str) -> Path:
    """The file holding the entry for `key`."""
    digest = hashlib.sha256(f"{FORMAT}\0{key}".encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{digest[:32]}.pickle"


def load(folder: Path, key: str, usable: Callable[[object], bool] = lambda _stamp: True,
         fits: Callable[[list], bool] = lambda _rows: True) -> Entry | None:
    """The entry stored for `key` if its stamp is `usable` and its rows `fit` (have the shape
    the caller stores), or None when there is none that can be trusted. The rows are not read
    at all for an unusable stamp. An intact file of rows in another shape (written by another
    version, or by hand) is a miss too, not a crash later."""
    try:
        with entry_path(folder, key).open("rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return None
            header = _loads(handle.read(int.from_bytes(handle.read(_LENGTH_BYTES), "big")))
            if (not isinstance(header, dict) or header.get("format") != FORMAT
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


def save(folder: Path, key: str, stamp: object, rows: Sequence[tuple]) -> Path:
    """Store `rows` (plain tuples, strings, numbers) under `key`, replacing any older entry."""
    payload = pickle.dumps([tuple(row) for row in rows], protocol=5)
    header = pickle.dumps({"format": FORMAT, "key": key, "stamp": stamp, "size": len(payload),
                           "digest": hashlib.blake2b(payload).hexdigest()}, protocol=5)
    path = entry_path(folder, key)
    write_atomic(path, b"".join(
        (_MAGIC, len(header).to_bytes(_LENGTH_BYTES, "big"), header, payload)))
    return path


class _PlainUnpickler(pickle.Unpickler):
    """Builds only built-in values: a cache file can never name a class or function to call."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"the history cache holds no objects ({module}.{name})")


def _loads(data: bytes | memoryview) -> object:
    return _PlainUnpickler(io.BytesIO(data)).load()
