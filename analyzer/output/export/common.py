"""What the exports share: the module graph, the boundary graph, package covers and escaping
(pure).

The module graph has one node per analysed module and one edge per importer -> imported pair
that an import or another dependency (containment, string import, model reference) joins.
The boundary graph has one edge per ordered pair of boundaries that imports cross.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analyzer.errors import InputError
from analyzer.output.markdown import one_line

KERNEL = "kernel"
ISOLATED = "isolated"
IMPORT = "import"
#: Characters XML 1.0 cannot hold at all, even escaped (one_line already turned the other
#: control characters into spaces).
_NOT_XML = re.compile("[\ufffe\uffff]")


def text(value: object) -> str:
    """Repository text on one line, valid UTF-8 and valid XML character data."""
    return _NOT_XML.sub("\ufffd", one_line(value))


def toml_string(value: object) -> str:
    """A TOML basic string holding `value` on one line (quotes and backslashes escaped)."""
    body = text(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def toml_array(items: Iterable[str], indent: str = "    ") -> str:
    """A multi-line TOML array of already-encoded items."""
    lines = "".join(f"{indent}{item},\n" for item in items)
    return f"[\n{lines}]" if lines else "[]"


@dataclass(frozen=True)
class Edge:
    """An importer -> imported pair of modules: its kinds, import lines and weight."""

    source: str
    target: str
    kinds: tuple[str, ...]
    imports: int
    weight: int


def boundaries_by_id(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Boundary id -> boundary entry, in the document's order."""
    return {str(b["id"]): b for b in document.get("boundaries") or []}


def require_boundaries(document: Mapping[str, Any], what: str) -> list[Mapping[str, Any]]:
    """The boundaries; InputError when the analysis was made with --no-boundaries."""
    boundaries = list(document.get("boundaries") or [])
    if not boundaries:
        raise InputError(f"The analysis has no boundaries, which the {what} export is made "
                         "of; run `faultline analyze` without --no-boundaries.")
    return boundaries


def module_edges(document: Mapping[str, Any]) -> list[Edge]:
    """Every importer -> imported pair between analysed modules, sorted."""
    known = {m["name"] for m in document["modules"]}
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    imports: dict[tuple[str, str], int] = defaultdict(int)
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for edge in document.get("imports") or []:
        pair = (edge["importer"], edge["imported"])
        kinds[pair].add(IMPORT)
        imports[pair] += max(1, len(edge["lines"]))
        weight[pair] += max(1, len(edge["lines"]))
    for dep in document.get("dependencies") or []:
        pair = (dep["importer"], dep["imported"])
        kinds[pair].add(str(dep["kind"]))
        weight[pair] += max(1, len(dep["lines"]))
    return [Edge(a, b, tuple(sorted(kinds[(a, b)])), imports[(a, b)], weight[(a, b)])
            for a, b in sorted(kinds) if a in known and b in known]


def hotspot_by_module(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Module name -> its hotspot entry (score, rank)."""
    return {h["module"]: h for h in document.get("hotspots") or [] if h.get("module")}


def module_graph(document: Mapping[str, Any]) -> nx.DiGraph:
    """The module graph with the attributes Gephi and yEd show; no attribute is None."""
    boundaries = boundaries_by_id(document)
    hotspots = hotspot_by_module(document)
    graph = nx.DiGraph(name=text(f"faultline {document.get('repo', {}).get('path', '')}"))
    for module in document["modules"]:
        boundary = module.get("boundary")
        entry = boundaries.get(str(boundary)) if boundary is not None else None
        attributes: dict[str, Any] = {
            "label": text(module["name"]), "path": text(module["path"]),
            "package": text(module.get("package") or ""), "loc": int(module.get("loc") or 0),
            "complexity": float(module.get("complexity") or 0.0),
            "revisions": int(module.get("revisions") or 0),
            "kernel": bool(entry and entry.get("kind") == KERNEL),
            "hotspot_score": float(hotspots.get(module["name"], {}).get("score", 0.0)),
            "hotspot_rank": int(hotspots.get(module["name"], {}).get("rank", 0)),
        }
        if boundary is not None:
            attributes["boundary"] = text(boundary)
            attributes["boundary_name"] = text(entry["name"] if entry else boundary)
        if module.get("confidence") is not None:
            attributes["confidence"] = float(module["confidence"])
        graph.add_node(text(module["name"]), **attributes)
    assignment = {m["name"]: m.get("boundary") for m in document["modules"]}
    for edge in module_edges(document):
        crossing = (assignment[edge.source] is not None
                    and assignment[edge.source] != assignment[edge.target])
        graph.add_edge(text(edge.source), text(edge.target), kind=",".join(edge.kinds),
                       weight=edge.weight, imports=edge.imports, crossing=crossing)
    return graph


def boundary_edges(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The cross_boundary entries that imports cross (source imports target), sorted."""
    return sorted((c for c in document.get("cross_boundary") or [] if c.get("imports")),
                  key=lambda c: (str(c["source"]), str(c["target"])))


def package_cover(document: Mapping[str, Any]) -> dict[str, list[tuple[str, bool]]]:
    """Boundary id -> the fewest (name, whole_package) entries naming its modules.

    A package whose analysed modules (itself and every descendant) all lie in one boundary is
    named once, as a whole package; any other module is named by itself. Entries are sorted.
    """
    modules = {m["name"]: m for m in document["modules"] if m.get("boundary") is not None}
    below: dict[str, set[str]] = defaultdict(set)
    for name, module in modules.items():
        parts = name.split(".")
        for depth in range(1, len(parts)):
            below[".".join(parts[:depth])].add(str(module["boundary"]))

    def whole(name: str) -> bool:
        own = str(modules[name]["boundary"])
        return bool(modules[name].get("is_package")) and below.get(name, set()) == {own}

    cover: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for name in sorted(modules):
        parts = name.split(".")
        ancestors = (".".join(parts[:depth]) for depth in range(1, len(parts)))
        if any(a in modules and whole(a) for a in ancestors):
            continue
        cover[str(modules[name]["boundary"])].append((name, whole(name)))
    return dict(cover)


def ignored_imports(members: Collection[str], wholes: Collection[str],
                    left_out: Collection[str]) -> list[str]:
    """`ignore_imports` for the left-out modules that some whole package's `P.**` matches:
    their imports either way. `members`: every module of every boundary.

    A left-out subtree is named at its top (`P.tests` and `P.tests.**`); where no boundary
    module has that last name (`tests`, `migrations`), once for every package (`**.tests`).
    """
    inside = {".".join(p[:depth]) for p in (m.split(".") for m in members)
              for depth in range(1, len(p) + 1)}
    under = {m for m in left_out if any(m.startswith(w + ".") for w in wholes)}
    tops: dict[str, bool] = {}  # top of a left-out subtree -> whether it has descendants
    for module in sorted(under):
        parts = module.split(".")
        top = next((".".join(parts[:d]) for d in range(2, len(parts) + 1)
                    if ".".join(parts[:d]) in under and ".".join(parts[:d]) not in inside),
                   module)
        if top not in tops:
            tops[top] = False
        if top != module:
            tops[top] = True
    names_inside = {part for m in members for part in m.split(".")}
    patterns: set[str] = set()
    for top, deep in tops.items():
        last = top.rsplit(".", 1)[-1]
        stem = f"**.{last}" if last not in names_inside else top
        patterns.add(stem)
        if deep:
            patterns.add(f"{stem}.**")
    ordered = sorted(patterns)
    return [f"{p} -> **" for p in ordered] + [f"** -> {p}" for p in ordered]


def cover_entry(cover: Mapping[str, list[tuple[str, bool]]],
                modules: Iterable[str]) -> dict[str, str]:
    """Module -> the cover entry naming it: itself, or the whole package that holds it."""
    entries = {name: whole for items in cover.values() for name, whole in items}
    out = {}
    for module in modules:
        parts = module.split(".")
        out[module] = next((".".join(parts[:depth]) for depth in range(1, len(parts))
                            if entries.get(".".join(parts[:depth]))), module)
    return out
