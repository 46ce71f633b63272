"""Boundaries: the module graph coloured by boundary, and one boundary's evidence."""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analyzer.ui import data
from analyzer.ui.widgets import MODULE_GRAPH_LIMIT, clean, frame, hover, md, table

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def render() -> None:
    _key, document = data.current()
    st.title("Boundaries")
    boundaries = document.get("boundaries") or []
    if not boundaries:
        st.info("This analysis has no boundary proposal.")
        return
    ids = [b["id"] for b in boundaries]
    colours = {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(ids)}
    big = len(document.get("modules", [])) > MODULE_GRAPH_LIMIT
    left, mid, right = st.columns([2, 2, 3])
    level = left.radio("Graph", ["One node per boundary", "Modules"], index=0 if big else 1,
                       key="graph_level", horizontal=True)
    show_imports = mid.checkbox("Imports", value=True, key="edges_imports")
    show_cochange = mid.checkbox("Co-change", value=True, key="edges_cochange")
    chosen = right.selectbox("Boundary", ids, key="boundary",
                             format_func=lambda i: _label(data.boundaries_by_id(document)[i]))
    if level == "Modules":
        members = None
        if big:
            members = set(data.boundaries_by_id(document)[chosen]["modules"])
            st.caption(f"More than {MODULE_GRAPH_LIMIT} modules: showing the modules of the "
                       "chosen boundary only.")
        figure = module_graph(document, colours, show_imports, show_cochange, members)
    else:
        figure = boundary_graph(document, colours, show_imports, show_cochange)
    st.plotly_chart(figure, key="graph", config={"displaylogo": False})
    details(document, data.boundaries_by_id(document)[chosen])


def _label(boundary: dict[str, Any]) -> str:
    return clean(f"{boundary['id']}: {boundary.get('name', '')} "
                 f"({boundary.get('size', 0)} modules)")


def _circle(count: int, radius: float, cx: float = 0.0, cy: float = 0.0
            ) -> list[tuple[float, float]]:
    if count == 1:
        return [(cx, cy)]
    return [(cx + radius * math.cos(2 * math.pi * i / count),
             cy + radius * math.sin(2 * math.pi * i / count)) for i in range(count)]


def _lines(pairs: list[tuple[str, str]], where: dict[str, tuple[float, float]]
           ) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in pairs:
        if a in where and b in where:
            xs += [where[a][0], where[b][0], None]
            ys += [where[a][1], where[b][1], None]
    return xs, ys


def module_graph(document: dict[str, Any], colours: dict[str, str], show_imports: bool,
                 show_cochange: bool, members: set[str] | None = None) -> go.Figure:
    """Modules grouped in one circle per boundary (a deterministic layout)."""
    modules = [m for m in document.get("modules", []) if members is None or m["name"] in members]
    groups: dict[str, list[dict[str, Any]]] = {}
    for m in modules:
        groups.setdefault(m.get("boundary") or "isolated", []).append(m)
    order = [b for b in colours if b in groups]
    centres = _circle(len(order), 10.0)
    where: dict[str, tuple[float, float]] = {}
    figure = go.Figure()
    for (cx, cy), boundary in zip(centres, order, strict=True):
        group = groups[boundary]
        for m, point in zip(group, _circle(len(group), 0.6 + 0.45 * math.sqrt(len(group)),
                                           cx, cy), strict=True):
            where[m["name"]] = point
    if show_imports:
        xs, ys = _lines([(e["importer"], e["imported"]) for e in document.get("imports", [])],
                        where)
        figure.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", name="imports",
                                      line={"width": 0.5, "color": "#bbbbbb"},
                                      hoverinfo="skip"))
    if show_cochange:
        xs, ys = _lines([(c["a"], c["b"]) for c in document.get("coupling_modules", [])], where)
        figure.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", name="co-change",
                                      line={"width": 1, "color": "#e15759", "dash": "dot"},
                                      hoverinfo="skip"))
    for boundary in order:
        group = groups[boundary]
        figure.add_trace(go.Scattergl(
            x=[where[m["name"]][0] for m in group], y=[where[m["name"]][1] for m in group],
            mode="markers", name=hover(boundary),
            marker={"size": [6 + min(14, math.sqrt(m.get("loc") or 1)) for m in group],
                    "color": colours[boundary], "line": {"width": 0.5, "color": "#333"}},
            text=[f"{hover(m['name'])}<br>boundary {hover(boundary)}, confidence "
                  f"{m.get('confidence')}<br>{m.get('loc')} lines" for m in group],
            hoverinfo="text"))
    return _styled(figure)


def boundary_graph(document: dict[str, Any], colours: dict[str, str], show_imports: bool,
                   show_cochange: bool) -> go.Figure:
    """One node per boundary; edges labelled with crossing imports and co-change."""
    boundaries = document.get("boundaries") or []
    where = dict(zip([b["id"] for b in boundaries], _circle(len(boundaries), 10.0), strict=True))
    figure = go.Figure()
    label_x, label_y, labels = [], [], []
    for edge in document.get("cross_boundary", []) or []:
        s, t = edge["source"], edge["target"]
        imports, cochange = edge.get("imports") or 0, edge.get("cochange") or 0
        parts = ([f"{imports} imports"] if show_imports and imports else []) + (
            [f"co-change {cochange:.2f}"] if show_cochange and cochange else [])
        if not parts or s not in where or t not in where:
            continue
        width = 1 + math.log1p(imports if show_imports else 0) + 4 * (
            cochange if show_cochange else 0)
        figure.add_trace(go.Scatter(
            x=[where[s][0], where[t][0]], y=[where[s][1], where[t][1]], mode="lines",
            line={"width": min(width, 12), "color": "#e15759" if cochange else "#999999"},
            hoverinfo="skip", showlegend=False))
        label_x.append(where[s][0] * 0.6 + where[t][0] * 0.4)
        label_y.append(where[s][1] * 0.6 + where[t][1] * 0.4)
        labels.append(f"{hover(s)} → {hover(t)}: " + ", ".join(parts))
    figure.add_trace(go.Scatter(x=label_x, y=label_y, mode="markers", text=labels,
                                hoverinfo="text", marker={"size": 6, "color": "#555"},
                                name="edge (hover)"))
    figure.add_trace(go.Scatter(
        x=[where[b["id"]][0] for b in boundaries], y=[where[b["id"]][1] for b in boundaries],
        mode="markers+text", name="boundaries", textposition="top center",
        text=[hover(f"{b['id']} {b.get('name', '')}") for b in boundaries],
        hovertext=[f"{hover(b['id'])}: {b.get('size')} modules, {b.get('loc')} lines"
                   for b in boundaries], hoverinfo="text",
        marker={"size": [14 + 3 * math.sqrt(b.get("size") or 1) for b in boundaries],
                "color": [colours[b["id"]] for b in boundaries]}))
    return _styled(figure)


def _styled(figure: go.Figure) -> go.Figure:
    figure.update_layout(height=620, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
                         legend={"itemsizing": "constant"})
    return figure


def details(document: dict[str, Any], boundary: dict[str, Any]) -> None:
    bid = boundary["id"]
    st.subheader(f"{md(bid)}: {md(boundary.get('name', ''))}")
    m = boundary.get("metrics") or {}
    cols = st.columns(5)
    cols[0].metric("Modules", boundary.get("size", 0))
    cols[1].metric("Lines", boundary.get("loc", 0))
    cols[2].metric("Stability", boundary.get("stability"))
    cols[3].metric("Extraction order", boundary.get("extraction_order") or "-")
    cols[4].metric("Crossing imports share", m.get("icp_imports"))
    by_name = {x["name"]: x for x in document.get("modules", [])}
    members = [by_name[n] for n in boundary.get("modules", []) if n in by_name]
    st.markdown("**Modules** (confidence: share of the module's ties that point into this "
                "boundary)")
    table(frame(members, ["name", "confidence", "loc", "path", "revisions", "main_author"]),
          key="members")
    st.markdown("**Interface** (modules imported from outside)")
    table(frame([{"module": n} for n in boundary.get("interface", [])], ["module"]))
    st.markdown("**Crossing imports**")
    table(frame(_crossing_imports(document, bid),
                ["direction", "other boundary", "importer", "imported", "path", "lines"]))
    st.markdown("**Crossing couplings** (modules that change with modules in other "
                "boundaries; hidden = no import between them)")
    owner = data.module_boundary(document)
    crossing = [dict(c, other=owner.get(c["b"] if owner.get(c["a"]) == bid else c["a"]))
                for c in document.get("coupling_modules", [])
                if (owner.get(c["a"]) == bid) != (owner.get(c["b"]) == bid)]
    table(frame(crossing, ["a", "b", "other", "shared", "degree", "hidden"]))
    hot = {h["path"]: h for h in document.get("hotspots", [])}
    st.markdown("**Hotspots**")
    table(frame([hot[p] for p in boundary.get("hotspots", []) if p in hot],
                ["rank", "path", "revisions", "complexity", "score"]))
    st.markdown("**Owners**")
    table(frame(boundary.get("owners", []), ["author", "share"]))


def _crossing_imports(document: dict[str, Any], bid: str) -> list[dict[str, Any]]:
    rows = []
    for edge in document.get("cross_boundary", []) or []:
        if bid not in (edge["source"], edge["target"]) or edge["source"] == edge["target"]:
            continue
        out = edge["source"] == bid
        for item in edge.get("import_list", []):
            rows.append({"direction": "imports from" if out else "imported by",
                         "other boundary": edge["target"] if out else edge["source"], **item})
    return rows


if __name__ == "__main__":
    render()
