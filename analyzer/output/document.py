"""Analysis <-> analysis.json. The schema grows by minor versions; see adr/0003."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from analyzer._version import __version__
from analyzer.boundaries.cut import effective_algorithm
from analyzer.boundaries.decomposition import Decomposition
from analyzer.boundaries.evidence import apart_from_package
from analyzer.errors import InputError
from analyzer.history.coupling import CouplingResult
from analyzer.history.evolution import Evolution
from analyzer.model import Analysis
from analyzer.output.jsontext import Unsupported, indented

#: MAJOR changes when a key is removed or changes meaning; MINOR when keys are added.
SCHEMA_VERSION = "1.4"


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
    evolution = analysis.evolution if isinstance(analysis.evolution, Evolution) else None
    owners = {o.path_or_package: o for o in evolution.file_owners} if evolution else {}
    revisions = evolution.files.revisions if evolution else {}
    document = {
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
            "dependencies": dict(sorted(Counter(d.kind for d in graph.dependencies).items())),
            "left_out": dict(analysis.left_out),
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
                "complexity": round(m.complexity, 2),
                "revisions": revisions.get(m.path, 0),
                "authors": len(owners[m.path].authors) if m.path in owners else 0,
                "main_author": owners[m.path].main_author if m.path in owners else None,
                "main_author_share": (round(owners[m.path].main_author_share, 4)
                                      if m.path in owners else None),
            }
            for m in graph.modules
        ],
        "imports": [
            {"importer": e.importer, "imported": e.imported, "lines": list(e.lines)}
            for e in graph.imports
        ],
        "dependencies": [
            {"importer": d.importer, "imported": d.imported, "kind": d.kind,
             "lines": list(d.lines)}
            for d in graph.dependencies
        ],
        "external": [
            {"package": package, "stdlib": stdlib, "modules": sorted(modules)}
            for (package, stdlib), modules in sorted(external.items())
        ],
        "cycles": [list(c) for c in graph.cycles],
        "warnings": [{"code": w.code, "path": w.path, "message": w.message} for w in warnings],
    }
    document["history"] = _history(analysis, evolution)
    document["coupling"] = _pairs(evolution.files) if evolution else []
    document["coupling_modules"] = _pairs(evolution.modules) if evolution else []
    document["coupling_packages"] = _pairs(evolution.packages) if evolution else []
    document["hotspots"] = [
        {"path": h.path, "module": h.module, "revisions": h.revisions,
         "complexity": round(h.complexity, 2), "score": round(h.score, 4), "rank": h.rank}
        for h in (evolution.hotspots if evolution else ())
    ]
    document["ownership"] = [_owner(o) for o in evolution.file_owners] if evolution else []
    document["ownership_packages"] = (
        [_owner(o) for o in evolution.package_owners] if evolution else [])
    decomposition = (analysis.decomposition
                     if isinstance(analysis.decomposition, Decomposition) else None)
    document.update(_decomposition(decomposition, document))
    return document


def _decomposition(found: Decomposition | None, document: dict[str, Any]) -> dict[str, Any]:
    """Boundaries, crossings, metrics, cuts and plan; per-module boundary and confidence."""
    if found is None:
        for module in document["modules"]:
            module.update(boundary=None, confidence=None, reasons=[])
        return {"boundaries": [], "apart_from_package": [], "cross_boundary": [], "metrics": {},
                "acyclic_cuts": [], "extraction_plan": [], "boundary_options": None,
                "cochange_signal": []}
    proposal, stability = found.proposal, found.stability
    for module in document["modules"]:
        name = module["name"]
        module.update(
            boundary=proposal.assignment.get(name),
            confidence=stability.confidence.get(name),
            reasons=[{"module": t.module, "weight": t.weight, "kinds": list(t.kinds)}
                     for t in proposal.reasons.get(name, ())],
        )
    by_module = {m["name"]: m for m in document["modules"]}
    hotspots: dict[str, list[str]] = defaultdict(list)
    for hotspot in document["hotspots"]:
        if hotspot["module"] in proposal.assignment and len(
                hotspots[proposal.assignment[hotspot["module"]]]) < 5:
            hotspots[proposal.assignment[hotspot["module"]]].append(hotspot["path"])
    order = {step.boundary: step.order for step in found.plan}
    boundaries = []
    for boundary in proposal.boundaries:
        authors: Counter[str] = Counter()
        for module in boundary.modules:
            entry = by_module[module]
            if entry["main_author"]:
                authors[entry["main_author"]] += entry["revisions"]
        total = sum(authors.values())
        boundaries.append({
            "id": boundary.id, "name": boundary.name, "kind": boundary.kind,
            "size": len(boundary.modules),
            "loc": sum(by_module[m]["loc"] for m in boundary.modules),
            "modules": list(boundary.modules), "interface": list(boundary.interface),
            "stability": stability.boundaries.get(boundary.id),
            "extraction_order": order.get(boundary.id),
            "metrics": _rounded(found.boundary_metrics.get(boundary.id, {})),
            "hotspots": hotspots.get(boundary.id, []),
            "owners": [{"author": a, "share": round(n / total, 4)}
                       for a, n in sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        })
    options = proposal.options
    return {
        "boundaries": boundaries,
        "apart_from_package": list(apart_from_package(
            proposal.assignment, found.signals.imports, found.signals.cochange)),
        "cross_boundary": [_crossing(c) for c in found.crossings],
        "metrics": {**_rounded(found.metrics), "stability_runs": stability.runs},
        "acyclic_cuts": [_crossing(c) for c in found.cuts],
        "extraction_plan": [
            {"boundary": s.boundary, "order": s.order, "cost": s.cost,
             "incoming_imports": len(s.incoming), "outgoing_imports": len(s.outgoing),
             "cochange": s.cochange,
             "incoming": [_import(i) for i in s.incoming],
             "outgoing": [_import(i) for i in s.outgoing]}
            for s in found.plan
        ],
        "boundary_options": {
            "seed": options.seed, "resolution": options.resolution,
            "import_weight": options.import_weight, "cochange_weight": options.cochange_weight,
            "level": options.level, "depth": options.depth, "kernel_share": options.kernel_share,
            "tries": options.tries, "algorithm": effective_algorithm(options),
            "together": [list(g) for g in options.together],
            "apart": [list(g) for g in options.apart],
        },
        "cochange_signal": [[a, b, d, n] for (a, b, d), (_a, _b, n) in zip(
            found.signals.cochange, found.cochange_shared, strict=True)],
    }


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}


def _import(item: Any) -> dict[str, Any]:
    return {"importer": item.importer, "imported": item.imported, "path": item.path,
            "lines": list(item.lines)}


def _crossing(crossing: Any) -> dict[str, Any]:
    return {
        "source": crossing.source, "target": crossing.target,
        "imports": len(crossing.imports),
        "import_list": [_import(i) for i in crossing.imports],
        "cochange": crossing.cochange,
        "hidden": [{"a": a, "b": b, "shared": n, "degree": round(d, 4)}
                   for a, b, n, d in crossing.hidden],
    }


def _history(analysis: Analysis, evolution: Evolution | None) -> dict[str, Any]:
    summary = analysis.history
    if summary is None:
        return {"read": False}
    return {
        "read": True,
        "commits_read": summary.commits_read,
        "commits_used": summary.commits_used,
        "dropped": summary.dropped,
        "first": summary.first,
        "last": summary.last,
        "shallow": summary.shallow,
        "options": summary.options,
        "thresholds": evolution.thresholds.to_dict() if evolution else None,
        "coupling_commits_dropped_large": evolution.files.dropped_large if evolution else 0,
    }


def _pairs(result: CouplingResult) -> list[dict[str, Any]]:
    return [
        {"a": p.a, "b": p.b, "shared": p.shared, "revisions_a": p.revisions_a,
         "revisions_b": p.revisions_b, "degree": round(p.degree, 4), "hidden": p.hidden}
        for p in result.pairs
    ]


def _owner(owner: Any) -> dict[str, Any]:
    return {
        "name": owner.path_or_package,
        "revisions": owner.revisions,
        "authors": [{"author": a, "revisions": n} for a, n in owner.authors],
        "main_author": owner.main_author,
        "main_author_share": round(owner.main_author_share, 4),
        "bus_factor": owner.bus_factor,
    }


def dumps(document: dict[str, Any]) -> str:
    """Stable JSON text: two-space indent, ASCII-safe, trailing newline.

    Never `NaN` or `Infinity`, which are not JSON: settings are range-checked, and a figure that
    still came out non-finite is written as null.
    """
    try:
        return indented(document) + "\n"  # the same text as below, faster
    except Unsupported:
        pass
    try:
        text = json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(document), indent=2, ensure_ascii=True, allow_nan=False)
    return text + "\n"


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinite float, at any depth, as None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


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


def to_csv_files(document: dict[str, Any]) -> dict[str, str]:
    """coupling.csv, hotspots.csv and ownership.csv from an analysis document (cells that a
    spreadsheet would read as a formula are neutralised)."""
    ownership = [
        {**{k: v for k, v in o.items() if k != "authors"},
         "authors": ";".join(f"{a['author']}={a['revisions']}" for a in o["authors"])}
        for o in document.get("ownership", [])
    ]
    tables = {
        "coupling.csv": (document.get("coupling", []),
                         ["a", "b", "shared", "revisions_a", "revisions_b", "degree", "hidden"]),
        "hotspots.csv": (document.get("hotspots", []),
                         ["rank", "path", "module", "revisions", "complexity", "score"]),
        "ownership.csv": (ownership, ["name", "revisions", "main_author",
                                      "main_author_share", "bus_factor", "authors"]),
    }
    files = {}
    for name, (rows, columns) in tables.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        files[name] = buffer.getvalue()
    return files


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a string that would start a formula (a file or
    author named `=HYPERLINK(...)`) gets a leading `'`, as OWASP advises; numbers stay.

    The CSV files are UTF-8: a byte of a file name that is not (a surrogate escape, as git
    paths are decoded) is written backslash-escaped, `\\xe9`, as Python's "backslashreplace"
    writes an undecodable byte."""
    if isinstance(value, str):
        value = _SURROGATE.sub(_escaped_byte, value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


#: A lone surrogate: in a git path, a byte that is not UTF-8 (decoded with surrogateescape).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped_byte(match: re.Match[str]) -> str:
    """The byte a surrogate escape stands for, as `\\xe9`; any other lone surrogate as `\\udXXX`."""
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


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
