"""Reading and writing Faultline's own output files, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError
from .report import loads


def write_atomic(path: Path, text: str) -> None:
    """Write a text file so that readers see the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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
