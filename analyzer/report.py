"""Analysis <-> analysis.json. The schema grows by minor versions; see adr/0003."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ._version import __version__
from .errors import InputError
from .model import Analysis

#: MAJOR changes when a key is removed or changes meaning; MINOR when keys are added.
SCHEMA_VERSION = "1.0"


def to_document(analysis: Analysis) -> dict[str, Any]:
    """The JSON-ready document for an analysis; every list is sorted."""
    graph = analysis.graph
    out_degree: dict[str, int] = defaultdict(int)
    in_degree: dict[str, int] = defaultdict(int)
    for edge in graph.imports:
        out_degree[edge.importer] += 1
        in_degree[edge.imported] += 1
    external: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for use in graph.externals:
        external[(use.package, use.stdlib)].append(use.module)
    warnings = analysis.warnings
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "faultline", "version": __version__},
        "generated_at": analysis.generated_at,
        "repo": {
            "path": analysis.repo.path,
            "head": analysis.repo.head,
            "branch": analysis.repo.branch,
        },
        "settings": analysis.settings,
        "source_roots": list(analysis.source_roots),
        "packages": list(analysis.packages),
        "summary": {
            "modules": len(graph.modules),
            "imports": len(graph.imports),
            "import_lines": sum(len(e.lines) for e in graph.imports),
            "external_packages": len({p for p, stdlib in external if not stdlib}),
            "stdlib_packages": len({p for p, stdlib in external if stdlib}),
            "cycles": len(graph.cycles),
            "warnings": len(warnings),
        },
        "modules": [
            {
                "name": m.name,
                "path": m.path,
                "package": m.package,
                "loc": m.loc,
                "is_package": m.is_package,
                "imports_out": out_degree[m.name],
                "imports_in": in_degree[m.name],
            }
            for m in graph.modules
        ],
        "imports": [
            {"importer": e.importer, "imported": e.imported, "lines": list(e.lines)}
            for e in graph.imports
        ],
        "external": [
            {"package": package, "stdlib": stdlib, "modules": sorted(modules)}
            for (package, stdlib), modules in sorted(external.items())
        ],
        "cycles": [list(c) for c in graph.cycles],
        "warnings": [{"code": w.code, "path": w.path, "message": w.message} for w in warnings],
    }


def dumps(document: dict[str, Any]) -> str:
    """Stable JSON text: two-space indent, ASCII-safe, trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def loads(text: str, *, source: str = "analysis.json") -> dict[str, Any]:
    """Parse an analysis document and check this version of Faultline can read it."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"'{source}' is not valid JSON ({error.msg}, line {error.lineno}); "
                         "run `faultline analyze` again to regenerate it.") from error
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(f"'{source}' is not a Faultline analysis (no schema_version); "
                         "give the analysis.json written by `faultline analyze`.")
    major = str(document["schema_version"]).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise InputError(
            f"'{source}' has schema version {document['schema_version']}, but this Faultline "
            f"reads {SCHEMA_VERSION.split('.')[0]}.x; re-run `faultline analyze` with this version."
        )
    return document
