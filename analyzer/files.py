"""Faultline's own files: the user cache folder and atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def user_cache_dir() -> Path:
    """Faultline's folder in the user cache: `$XDG_CACHE_HOME/faultline` or ~/.cache/faultline."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "faultline"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it.

    Text is written as UTF-8 with "\\n" line ends; bytes as they are.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

