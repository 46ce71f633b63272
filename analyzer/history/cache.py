"""The history cache's files: where they live, and reading and writing them safely.

One file per key, in `$FAULTLINE_CACHE_DIR/history/` (default
`$XDG_CACHE_HOME/faultline/history/`, else `~/.cache/faultline/history/`), never in the
analysed repository. The keys, what goes into an entry and when it may be reused are decided
by `analyzer.history` (a raw log per repository and log options, and its summary per set of
filters); this module only stores opaque values (see ADR 0005).

Entries are written and read by `analyzer.cachefiles` (a magic line, a header with the key,
stamp and digest, a pickle of plain tuples): anything unexpected (a missing, truncated,
corrupt, foreign or older file) reads as "no entry".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from analyzer.cachefiles import Entry, Store, cache_folder

#: Bump when the layout of an entry or of the values stored in it changes.
FORMAT = 1
_STORE = Store(b"faultline-history-cache\n", FORMAT)


def cache_dir() -> Path:
    """The history cache folder: `$FAULTLINE_CACHE_DIR/history` or the user cache's."""
    return cache_folder("history")


def entry_path(folder: Path, key: str) -> Path:
    """The file holding the entry for `key`."""
    return _STORE.path(folder, key)


def load(folder: Path, key: str, usable: Callable[[object], bool] = lambda _stamp: True,
         fits: Callable[[list], bool] = lambda _rows: True) -> Entry | None:
    """The entry stored for `key` if its stamp is `usable` and its rows `fit` (have the shape
    the caller stores), or None when there is none that can be trusted. The rows are not read
    at all for an unusable stamp. An intact file of rows in another shape (written by another
    version, or by hand) is a miss too, not a crash later."""
    return _STORE.load(folder, key, usable, fits)


def save(folder: Path, key: str, stamp: object, rows: Sequence[tuple]) -> Path:
    """Store `rows` (plain tuples, strings, numbers) under `key`, replacing any older entry."""
    return _STORE.save(folder, key, stamp, rows)
