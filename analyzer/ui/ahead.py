"""The analysis `faultline app` opens, read and checked before the server listens (no
Streamlit here): the first page then takes it as it is instead of reading and checking
several megabytes while the browser waits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.output.document import load_analysis
from analyzer.ui.shape import shape_problem

ENV_VAR = "FAULTLINE_ANALYSIS"  # set by `faultline app PATH`
_READ: dict[tuple[str, tuple[float, int] | None], dict[str, Any]] = {}


def file_stamp(path: str) -> tuple[float, int] | None:
    """(mtime, size) of the analysis.json at `path` (a file or its folder), None if absent."""
    target = Path(path)
    if target.is_dir():
        target = target / "analysis.json"
    try:
        info = target.stat()
    except OSError:
        return None
    return (info.st_mtime, info.st_size)


def read_ahead() -> None:
    """Read and check the analysis $FAULTLINE_ANALYSIS names, if it is usable; a file that
    is not is left for the page, which says what is wrong with it."""
    given = os.environ.get(ENV_VAR)
    if not given:
        return
    stamp = file_stamp(given)
    try:
        document = load_analysis(given)
    except (AnalyzerError, OSError, ValueError):
        return
    if shape_problem(document) is None:
        _READ[(given, stamp)] = document


def taken(path: str, stamp: tuple[float, int] | None) -> dict[str, Any] | None:
    """The document read ahead for `path` with this stamp, or None; asked once, what was read
    ahead is let go either way (a file changed since is read again by the page)."""
    document = _READ.pop((path, stamp), None)
    _READ.clear()
    return document
