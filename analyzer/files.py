"""Reading and writing Faultline's own output files, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError
from .report import loads


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


def load_analysis(path: str | Path) -> dict[str, Any]:
    """Read an analysis.json (or the folder holding one) written by `faultline analyze`."""
    path = Path(path)
    if path.is_dir():
        path = path / "analysis.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(f"'{path}' does not exist; run `faultline analyze` first.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"'{path}' cannot be read: {error}.") from error
    return loads(text, source=str(path))
