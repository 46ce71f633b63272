"""Diagrams: the modules clustered by boundary in Graphviz DOT, and the boundary graph as a
Mermaid flowchart that GitHub renders in Markdown (pure).

Neither format ever sees a repository name as syntax: nodes get generated ids (`n12`, `b3`)
and names appear only inside escaped, quoted labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.output.export.common import (
    IMPORT,
    KERNEL,
    boundaries_by_id,
    boundary_edges,
    module_edges,
    require_boundaries,
    text,
)

#: Characters a Mermaid label may hold as they are; any other becomes an entity code.
_MERMAID_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,:/()")


def dot_string(value: object) -> str:
    """A DOT double-quoted string whose label shows `value` literally: backslash (which labels
    read as an escape such as \\N) and double quote escaped."""
    body = text(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def mermaid_label(value: object) -> str:
    """A quoted Mermaid label showing `value` literally: every character but letters, digits
    and plain punctuation as a `#code;` entity, so no quote, bracket, `<`, backtick or `%%`
    can end the label or start markup."""
    body = "".join(c if c in _MERMAID_SAFE else f"#{ord(c)};" for c in text(value))
    return f'"{body}"'


def dot(document: Mapping[str, Any]) -> str:
    """A Graphviz digraph: one cluster per boundary holding its modules and the imports between
    modules (red across boundaries, dashed into the kernel)."""
    ids = {m["name"]: f"n{index}" for index, m in enumerate(document["modules"])}
    members: dict[str | None, list[str]] = {}
    for module in document["modules"]:
        members.setdefault(module.get("boundary"), []).append(module["name"])
    boundaries = boundaries_by_id(document)
    lines = ["digraph faultline {",
             "  graph [rankdir=LR, fontname=Helvetica];",
             "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=10];",
             "  edge [color=gray50, arrowsize=0.6];"]
    for index, (boundary, names) in enumerate(members.items()):
        if boundary is None:
            lines.extend(f"  {ids[name]} [label={dot_string(name)}];" for name in names)
            continue
        entry = boundaries.get(str(boundary), {})
        kind = entry.get("kind", "service")
        title = f"{boundary} {entry.get('name', boundary)} ({len(names)} modules)"
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={dot_string(title)};")
        lines.append(f"    style={'dashed' if kind == KERNEL else 'rounded'}; color=gray40;")
        lines.extend(f"    {ids[name]} [label={dot_string(name)}];" for name in names)
        lines.append("  }")
    where = {m["name"]: m.get("boundary") for m in document["modules"]}
    kernel = {bid for bid, b in boundaries.items() if b.get("kind") == KERNEL}
    for edge in module_edges(document):
        if IMPORT not in edge.kinds:
            continue
        source, target = where[edge.source], where[edge.target]
        style = ("" if source == target
                 else " [style=dashed, color=gray70]" if str(target) in kernel
                 else " [color=red, penwidth=1.5]")
        lines.append(f"  {ids[edge.source]} -> {ids[edge.target]}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def mermaid(document: Mapping[str, Any]) -> str:
    """A Mermaid flowchart of the boundaries: one node per boundary (the kernel dashed),
    one arrow per pair that imports cross, labelled with the number of imports (dotted into
    the kernel, which every boundary may use)."""
    boundaries = require_boundaries(document, "Mermaid")
    kernel = {str(b["id"]) for b in boundaries if b.get("kind") == KERNEL}
    ids = {str(b["id"]): f"b{index}" for index, b in enumerate(boundaries)}
    lines = ["flowchart LR"]
    for boundary in boundaries:
        label = mermaid_label(f"{boundary['name']} ({boundary['size']} modules)")
        node = ids[str(boundary["id"])]
        lines.append(f"    {node}[{label}]")
        if boundary.get("kind") == KERNEL:
            lines.append(f"    class {node} kernel")
    for crossing in boundary_edges(document):
        source, target = ids.get(str(crossing["source"])), ids.get(str(crossing["target"]))
        if source and target:
            arrow = "-.->" if str(crossing["target"]) in kernel else "-->"
            lines.append(f"    {source} {arrow}|{int(crossing['imports'])}| {target}")
    lines.append("    classDef kernel stroke-dasharray: 5 5")
    return "\n".join(lines) + "\n"
