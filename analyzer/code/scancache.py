"""What the code phase found in each file, kept for the next analysis (the scan cache).

After a commit that touches a few files, a re-analysis still reads every file (to know which
changed) but scans imports and string references only in the files whose bytes changed.

An entry per repository and part ("imports", "references") holds, per module, the BLAKE2b
digest of the file's bytes and what was found in it. It is used only under the same context:
the tool (`tool_version`: its version and source files), the import options, every module's
name, path and kind and every package's folders (imports resolve against them), and for
references also the Django app labels. Files
live in `$FAULTLINE_CACHE_DIR/scan/` (default the user cache), never in the analysed
repository; a damaged or foreign entry is a miss (analyzer.cachefiles).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping

from analyzer.cachefiles import Store, cache_folder, is_inside, tool_version

#: Bump when what is stored per module changes.
FORMAT = 1
_STORE = Store(b"faultline-scan-cache\n", FORMAT)

Rows = tuple[tuple[object, ...], ...]


def usable(root: str) -> bool:
    """Whether the scan cache may be used for the repository at `root`: not when it would
    be written inside it (`$FAULTLINE_CACHE_DIR` pointing into the repository)."""
    return not is_inside(cache_folder("scan"), (root,))


def digest(data: bytes) -> str:
    """The digest that identifies one file's content."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def context(*parts: Iterable[object]) -> str:
    """A digest of everything the stored findings depend on, besides each file's bytes."""
    hasher = hashlib.sha256(f"{tool_version()}\0".encode())
    for part in parts:
        hasher.update(repr(list(part)).encode("utf-8", "surrogateescape"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def load(root: str, part: str, stamp: str, digests: Mapping[str, str]) -> dict[str, Rows]:
    """Module -> what was found in it, for the modules whose file is unchanged."""
    entry = _STORE.load(cache_folder("scan"), _key(root, part), usable=stamp.__eq__,
                        fits=lambda rows: all(len(row) == 3 for row in rows))
    if entry is None:
        return {}
    return {module: found for module, hashed, found in entry.rows
            if isinstance(module, str) and digests.get(module) == hashed}


def save(root: str, part: str, stamp: str, digests: Mapping[str, str],
         found: Mapping[str, Rows]) -> None:
    """Store what was found in each module (a cache that cannot be written is no error)."""
    rows = [(module, digests[module], found[module]) for module in sorted(found)]
    with contextlib.suppress(OSError):
        _STORE.save(cache_folder("scan"), _key(root, part), stamp, rows)


def _key(root: str, part: str) -> str:
    return f"{part}\0{os.path.realpath(root)}"


def load_keyed(root: str, part: str, fits: Callable[[list], bool]) -> dict[str, tuple]:
    """Key -> its stored values, for a part that is stamped with the tool alone and whose
    rows are (key, values...): "heads" (a file's path -> its stamp and the names it imports,
    for `analyzer.code.layout`) and "measures" (a module -> digest, lines of code and
    complexity). Rows must `fit` the caller's shape; anything else is a miss."""
    if not usable(root):
        return {}
    entry = _STORE.load(cache_folder("scan"), _key(root, part),
                        usable=tool_version().__eq__, fits=fits)
    return {} if entry is None else {row[0]: tuple(row[1:]) for row in entry.rows}


def save_keyed(root: str, part: str, rows: Mapping[str, tuple]) -> None:
    """Store `load_keyed`'s rows (a cache that cannot be written is no error)."""
    if not usable(root):
        return
    with contextlib.suppress(OSError):
        _STORE.save(cache_folder("scan"), _key(root, part), tool_version(),
                    [(key, *values) for key, values in sorted(rows.items())])


def heads_fit(rows: list) -> bool:
    """Rows of (path, stamp of integers, ((name, count), ...))."""
    return all(isinstance(row, tuple) and len(row) == 3 and isinstance(row[0], str)
               and isinstance(row[1], tuple) and all(isinstance(n, int) for n in row[1])
               and isinstance(row[2], tuple)
               and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                       and isinstance(p[1], int) for p in row[2]) for row in rows)


def measures_fit(rows: list) -> bool:
    """Rows of (module, digest, lines of code, complexity)."""
    return all(isinstance(row, tuple) and len(row) == 4 and isinstance(row[0], str)
               and isinstance(row[1], str) and type(row[2]) is int
               and type(row[3]) is float for row in rows)
