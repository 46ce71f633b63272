"""The result cache's files (`analyzer.output.resultcache` makes the keys).

An entry is a magic line, a header line (format, the full key, the payload's size and CRC-32,
a check against a damaged file) and the UTF-8 text. Anything unexpected about an entry
(missing, truncated, corrupt, foreign, of an older format) reads as a miss, never as an error;
a write goes to a temporary file renamed into place, and the oldest entries go when the
folder grows past MAX_ENTRIES or MAX_BYTES.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Sequence
from pathlib import Path

#: Bump when the layout of an entry or what goes into the key changes.
FORMAT = 2
_MAGIC = b"faultline-result-cache\n"
#: The folder keeps at most this many entries, and this many bytes: the oldest go first.
MAX_ENTRIES = 48
MAX_BYTES = 256 * 2**20


def results_dir() -> Path:
    """The result cache folder: `$FAULTLINE_CACHE_DIR/results` or the user cache's."""
    from analyzer.cachefiles import cache_folder

    return cache_folder("results")


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
                or header.get("crc32") != zlib.crc32(payload)):
            return None
        return str(payload, "utf-8")
    except Exception:  # whatever is wrong with an entry, it is a miss, not a crash
        return None


def save_result(folder: Path, key: str, text: str, *, outside: Sequence[Path] = ()) -> bool:
    """Store `text` under `key` in `folder`, replacing any older entry; False when it could not
    be written, or when `folder` lies inside one of `outside` (the analysed repository)."""
    from analyzer.cachefiles import is_inside
    from analyzer.files import write_atomic

    if is_inside(folder, list(outside)):
        return False
    payload = text.encode("utf-8")
    header = json.dumps({"format": FORMAT, "key": key, "size": len(payload),
                         "crc32": zlib.crc32(payload)},
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
