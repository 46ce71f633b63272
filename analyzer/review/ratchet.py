"""Baselines of cross-boundary imports, and the ratchet that lets them only shrink (pure).

A baseline records the boundary assignment and the imports that crossed it on the day it
was taken. `check` classifies today's code with that same assignment (never a fresh cut):
imports crossing now but not then fail the check; ones that no longer cross are reported so
the baseline can be tightened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer._version import __version__
from analyzer.errors import InputError
from analyzer.review.crossing import (
    UNASSIGNED,
    assignment_of,
    boundary_kinds,
    boundary_names,
    crossing_imports,
    extend_assignment,
)

FORMAT = "faultline-baseline"
VERSION = 1


def make_baseline(document: Mapping[str, Any]) -> dict[str, Any]:
    """The baseline of an analysis document: its assignment and its crossing imports."""
    if not document.get("boundaries"):
        raise InputError("The analysis proposed no boundaries, so there is nothing to record; "
                         "check that the repository has Python modules that import each other.")
    assignment = assignment_of(document)
    kinds = boundary_kinds(document)
    names = boundary_names(document)
    crossing = crossing_imports(document, assignment, kinds)
    return {
        "format": FORMAT, "version": VERSION,
        "tool": {"name": "faultline", "version": __version__},
        "commit": (document.get("repo") or {}).get("head"),
        "boundaries": {b: {"name": names[b], "kind": kinds[b]} for b in sorted(kinds)},
        "assignment": dict(sorted(assignment.items())),
        "crossing": [{"importer": a, "imported": b} for a, b in crossing],
    }


def read_baseline(data: Any, source: str = "baseline") -> dict[str, Any]:
    """Check a parsed baseline file; InputError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"'{source}' is not a Faultline baseline; write one with "
                         "`faultline baseline`.")
    if data.get("version") != VERSION:
        raise InputError(f"'{source}' is baseline version {data.get('version')!r}; this "
                         f"Faultline reads version {VERSION}. Write it again with "
                         "`faultline baseline`.")
    try:
        assignment = {str(k): str(v) for k, v in data["assignment"].items()}
        boundaries = {str(k): {"name": str(v["name"]), "kind": str(v["kind"])}
                      for k, v in data["boundaries"].items()}
        crossing = [(str(c["importer"]), str(c["imported"])) for c in data["crossing"]]
    except (KeyError, TypeError, AttributeError) as error:
        raise InputError(f"'{source}' is damaged (a key is missing or malformed: {error}); "
                         "write it again with `faultline baseline`.") from error
    return {**data, "assignment": assignment, "boundaries": boundaries, "crossing": crossing}


def check(baseline: Mapping[str, Any], document: Mapping[str, Any]) -> dict[str, Any]:
    """Compare today's analysis with a baseline read by `read_baseline`.

    Returns `new` (crossing imports beyond the baseline, with file and lines), `removed`
    (baseline entries that no longer cross), `unassigned` modules and `passed`.
    """
    kinds = {b: v["kind"] for b, v in baseline["boundaries"].items()}
    modules = [m["name"] for m in document.get("modules", [])]
    edges = [(e["importer"], e["imported"]) for e in document.get("imports", [])]
    assignment = extend_assignment(baseline["assignment"], modules, edges)
    now = crossing_imports(document, assignment, kinds)
    recorded = set(baseline["crossing"])
    new = [now[key] for key in now if key not in recorded]
    removed = [{"importer": a, "imported": b} for a, b in sorted(recorded - set(now))]
    return {
        "passed": not new,
        "new": new,
        "removed": removed,
        "unassigned": sorted(m for m, b in assignment.items() if b == UNASSIGNED),
        "crossing": len(now),
        "baseline": len(recorded),
        "boundaries": {b: v["name"] for b, v in baseline["boundaries"].items()},
    }
