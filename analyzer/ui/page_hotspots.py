"""Hotspots: where change meets complexity, as a treemap by boundary and a ranked table."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analyzer.ui import data
from analyzer.ui.widgets import clean, frame, hover, md, table

TREEMAP_LIMIT = 300


def render() -> None:
    _key, document = data.current()
    st.title("Hotspots")
    hotspots = document.get("hotspots") or []
    if not hotspots:
        st.info("No hotspots: this analysis read no git history (or no file changed).")
        return
    st.caption("Score = revisions x indentation complexity, scaled to 0..1. Box size = lines "
               f"of code, colour = score; the top {TREEMAP_LIMIT} files, grouped by boundary.")
    st.plotly_chart(treemap(document, hotspots[:TREEMAP_LIMIT]), key="treemap",
                    config={"displaylogo": False})
    st.subheader("Ranked")
    table(frame(hotspots, ["rank", "path", "module", "revisions", "complexity", "score"]),
          key="ranked")
    st.subheader("One file")
    paths = [h["path"] for h in hotspots]
    chosen = st.selectbox("File", paths, key="hotspot_file", format_func=clean)
    _file(document, next(h for h in hotspots if h["path"] == chosen))


def treemap(document: dict[str, Any], hotspots: list[dict[str, Any]]) -> go.Figure:
    loc = {m["path"]: m.get("loc") or 1 for m in document.get("modules", [])}
    owner = data.path_boundary(document)
    names = {b["id"]: b.get("name", "") for b in document.get("boundaries", [])}
    groups = sorted({owner.get(h["path"], "none") for h in hotspots})
    ids = [f"group:{g}" for g in groups] + [f"file:{h['path']}" for h in hotspots]
    labels = [hover(f"{g} {names.get(g, '')}") for g in groups] + [
        hover(h["path"].rsplit("/", 1)[-1]) for h in hotspots]
    parents = [""] * len(groups) + [f"group:{owner.get(h['path'], 'none')}" for h in hotspots]
    values = [0] * len(groups) + [loc.get(h["path"], 1) for h in hotspots]
    scores = [0.0] * len(groups) + [h.get("score") or 0 for h in hotspots]
    hovers = [hover(g) for g in groups] + [
        f"{hover(h['path'])}<br>rank {h['rank']}, score {h['score']}, {h['revisions']} "
        f"revisions" for h in hotspots]
    figure = go.Figure(go.Treemap(
        ids=[hover(i) for i in ids], labels=labels, parents=[hover(p) for p in parents],
        values=values, marker={"colors": scores, "colorscale": "YlOrRd", "showscale": True},
        hovertext=hovers, hoverinfo="text"))
    figure.update_layout(height=560, margin={"l": 5, "r": 5, "t": 5, "b": 5})
    return figure


def _file(document: dict[str, Any], hotspot: dict[str, Any]) -> None:
    cols = st.columns(4)
    cols[0].metric("Rank", hotspot["rank"])
    cols[1].metric("Score", hotspot["score"])
    cols[2].metric("Revisions", hotspot["revisions"])
    cols[3].metric("Complexity", hotspot["complexity"])
    boundary = data.path_boundary(document).get(hotspot["path"], "-")
    st.markdown(f"Module {md(hotspot.get('module') or '-')}, boundary {md(boundary)}.")
    owners = next((o for o in document.get("ownership", []) if o["name"] == hotspot["path"]),
                  None)
    if owners:
        st.markdown(f"Bus factor {owners.get('bus_factor')}; authors:")
        table(frame(owners.get("authors", []), ["author", "revisions"]))
    st.info("History timeline not available in this analysis: analysis.json keeps the number "
            "of revisions per file, not the dates of its commits.")


if __name__ == "__main__":
    render()
