"""Dependency matrix (DSM): boundary x boundary, and module x module for a pair of boundaries."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analyzer.ui import data
from analyzer.ui.widgets import clean, hover

MODULE_MATRIX_LIMIT = 150  # modules in one module-level matrix


def render() -> None:
    _key, document = data.current()
    st.title("Dependency matrix")
    order = data.boundary_order(document)
    if not order:
        st.info("This analysis has no boundary proposal.")
        return
    st.caption("Rows import columns. Boundaries are ordered so that dependencies fall below "
               "the diagonal; a marked cell above it closes a cycle between boundaries.")
    cells = st.radio("Cells show", ["imports", "co-change"], horizontal=True, key="dsm_cells")
    st.plotly_chart(boundary_matrix(document, order, cells), key="dsm_boundaries",
                    config={"displaylogo": False})
    st.subheader("Module x module")
    left, right = st.columns(2)
    labels = {b["id"]: clean(f"{b['id']}: {b.get('name', '')}") for b in document["boundaries"]}
    first = left.selectbox("Boundary", order, key="dsm_a", format_func=labels.get)
    second = right.selectbox("and boundary", order, key="dsm_b", format_func=labels.get,
                             index=min(1, len(order) - 1))
    by_id = data.boundaries_by_id(document)
    modules = list(dict.fromkeys(by_id[first]["modules"] + by_id[second]["modules"]))
    if len(modules) > MODULE_MATRIX_LIMIT:
        st.info(f"These boundaries hold {len(modules)} modules; the module matrix shows at most "
                f"{MODULE_MATRIX_LIMIT}. Pick smaller boundaries.")
        return
    st.plotly_chart(module_matrix(document, modules, cells), key="dsm_modules",
                    config={"displaylogo": False})


def boundary_matrix(document: dict[str, Any], order: list[str], cells: str) -> go.Figure:
    index = {b: i for i, b in enumerate(order)}
    size = len(order)
    values = [[0.0] * size for _ in range(size)]
    for edge in document.get("cross_boundary", []) or []:
        s, t = edge["source"], edge["target"]
        if s in index and t in index:
            key = "imports" if cells == "imports" else "cochange"
            value = edge.get(key) or 0
            values[index[s]][index[t]] += value
    for b in document.get("boundaries", []):
        if b["id"] in index and cells == "imports":
            values[index[b["id"]]][index[b["id"]]] = (b.get("metrics") or {}).get(
                "internal_imports") or 0
    names = [hover(b) for b in order]
    return _heatmap(values, names, names, cells)


def module_matrix(document: dict[str, Any], modules: list[str], cells: str) -> go.Figure:
    index = {m: i for i, m in enumerate(modules)}
    size = len(modules)
    values = [[0.0] * size for _ in range(size)]
    if cells == "imports":
        for e in document.get("imports", []):
            if e["importer"] in index and e["imported"] in index:
                values[index[e["importer"]]][index[e["imported"]]] = len(e.get("lines") or [1])
    else:
        for c in document.get("coupling_modules", []):
            if c["a"] in index and c["b"] in index:
                values[index[c["a"]]][index[c["b"]]] = c.get("degree") or 0
                values[index[c["b"]]][index[c["a"]]] = c.get("degree") or 0
    cyclic = {m for group in document.get("cycles", []) for m in group}
    marks = [[(row in cyclic and col in cyclic and values[i][j] > 0) for j, col in
              enumerate(modules)] for i, row in enumerate(modules)]
    names = [hover(m) for m in modules]
    return _heatmap(values, names, names, cells, marks=marks)


def _heatmap(values: list[list[float]], rows: list[str], cols: list[str], cells: str,
             marks: list[list[bool]] | None = None) -> go.Figure:
    size = len(rows)
    if marks is None:  # above the diagonal: against the dependency order
        marks = [[j > i and values[i][j] > 0 for j in range(size)] for i in range(size)]
    text = [[("" if not v else f"{v:g}" if cells == "imports" else f"{v:.2f}") for v in row]
            for row in values]
    figure = go.Figure(go.Heatmap(
        z=values, x=cols, y=rows, text=text, texttemplate="%{text}" if size <= 40 else None,
        colorscale="Blues", hovertemplate="%{y} → %{x}: %{z}<extra></extra>", xgap=1, ygap=1))
    for i in range(size):
        for j in range(size):
            if marks[i][j]:
                figure.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                                 line={"color": "#d62728", "width": 2})
    figure.update_layout(height=max(360, min(900, 28 * size + 160)),
                         margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         yaxis={"autorange": "reversed"}, xaxis={"side": "top"})
    return figure


if __name__ == "__main__":
    render()
