"""Coupling: files, modules or packages that change together, filtered, and the strongest."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analyzer.ui import data
from analyzer.ui.widgets import frame, hover, table

LEVELS = {"files": "coupling", "modules": "coupling_modules", "packages": "coupling_packages"}
CHART_PAIRS = 25


def render() -> None:
    _key, document = data.current()
    st.title("Coupling")
    st.caption("Degree = shared commits / average revisions of the two (0..1). Hidden = they "
               "change together but neither imports the other.")
    level = st.radio("Level", list(LEVELS), horizontal=True, key="coupling_level")
    pairs = document.get(LEVELS[level]) or []
    cols = st.columns(4)
    low = cols[0].slider("Degree at least", 0.0, 1.0, 0.0, 0.05, key="min_degree")
    shared = cols[1].number_input("Shared commits at least", 0, value=0, key="min_shared")
    hidden_only = cols[2].checkbox("Hidden only", key="hidden_only")
    crossing_only = cols[3].checkbox("Crossing boundaries only", key="crossing_only",
                                     disabled=level == "packages",
                                     help="Files and modules only.")
    owner = data.path_boundary(document) if level == "files" else data.module_boundary(document)
    rows = [dict(p, boundaries=_pair(owner, p)) for p in pairs
            if (p.get("degree") or 0) >= low and (p.get("shared") or 0) >= shared
            and (p.get("hidden") or not hidden_only)]
    if crossing_only and level != "packages":
        rows = [r for r in rows if _crosses(owner, r)]
    st.caption(f"{len(rows)} of {len(pairs)} pairs.")
    if not rows:
        st.info("No coupled pairs match (or this analysis read no git history).")
        return
    table(frame(rows, ["a", "b", "shared", "revisions_a", "revisions_b", "degree", "hidden",
                       "boundaries"]), key="pairs")
    st.plotly_chart(strongest(sorted(rows, key=lambda r: -r["degree"])[:CHART_PAIRS]),
                    key="strongest", config={"displaylogo": False})


def _pair(owner: dict[str, str], pair: dict[str, Any]) -> str:
    a, b = owner.get(pair["a"], "-"), owner.get(pair["b"], "-")
    return a if a == b else f"{a} / {b}"


def _crosses(owner: dict[str, str], pair: dict[str, Any]) -> bool:
    a, b = owner.get(pair["a"]), owner.get(pair["b"])
    return a is not None and b is not None and a != b


def strongest(rows: list[dict[str, Any]]) -> go.Figure:
    rows = list(reversed(rows))
    figure = go.Figure(go.Bar(
        x=[r["degree"] for r in rows], y=[f"{hover(r['a'])} ↔ {hover(r['b'])}" for r in rows],
        orientation="h", marker={"color": ["#e15759" if r.get("hidden") else "#4e79a7"
                                           for r in rows]},
        hovertext=[f"{r['shared']} shared commits" + (", hidden" if r.get("hidden") else "")
                   for r in rows], hoverinfo="text+x"))
    figure.update_layout(height=max(300, 24 * len(rows) + 80), title="Strongest pairs "
                         "(red: hidden)", margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return figure


if __name__ == "__main__":
    render()
