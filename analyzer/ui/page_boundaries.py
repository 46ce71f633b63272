"""Boundaries: the module graph coloured by boundary, and one boundary's evidence."""

from __future__ import annotations

import itertools
import math
from typing import Any

import networkx as nx
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
        st.plotly_chart(figure, key="graph", config={"displaylogo": False})
    else:
        _boundary_view(document, colours, show_imports, show_cochange)
    details(document, data.boundaries_by_id(document)[chosen])


def _boundary_view(document: dict[str, Any], colours: dict[str, str], show_imports: bool,
                   show_cochange: bool) -> None:
    """The boundary graph with its strongest ties, a slider for how many, and every tie in a
    table on demand."""
    ties = boundary_ties(document, show_imports, show_cochange)
    shown = default_ties_shown(len(document.get("boundaries") or []), len(ties))
    if len(ties) > 1:
        shown = st.slider("Ties drawn, strongest first", 1, len(ties), shown, key="ties_shown",
                          help="A tie is the imports both ways and the co-change between two "
                               "boundaries, weighted as the cut weighs them.")
    if ties:
        weakest = ties[shown - 1]["strength"] if shown else 0
        st.caption(f"Drawing the {shown} strongest of {len(ties)} ties between boundaries "
                   f"(strength {weakest:.3g} and above). Arrows point from the importing "
                   "boundary to the imported one, as wide as the imports are many; dotted "
                   "lines are co-change. Boundaries that are tied strongly sit close together.")
    st.plotly_chart(boundary_graph(document, colours, show_imports, show_cochange, shown),
                    key="graph", config={"displaylogo": False})
    with st.expander(f"All {len(ties)} ties between boundaries"):
        table(frame(tie_table(ties, shown), ["boundary", "and boundary", "imports →",
                                             "imports ←", "co-change", "strength", "drawn"]),
              key="ties")


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


#: The boundary graph first shows this many of the strongest ties per boundary; a slider
#: shows more or fewer, and the table below the graph lists them all.
TIES_PER_BOUNDARY = 2
IMPORT_COLOUR, COCHANGE_COLOUR = "#4e5d6c", "#e15759"
#: Above this many boundaries networkx's spectral layout needs scipy: the spring layout
#: then starts from seeded random positions.
SPECTRAL_LIMIT = 400
LOOSE_PULL = 0.1


def _number(value: Any) -> float:
    """A finite number from the document, 0 for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) else 0.0


def _weights(document: dict[str, Any]) -> tuple[float, float]:
    """The import and co-change weights the cut used (1 and 1 when the file has none)."""
    options = document.get("boundary_options") or {}
    imports = _number(options.get("import_weight", 1.0))
    cochange = _number(options.get("cochange_weight", 1.0))
    return (imports, cochange) if imports + cochange > 0 else (1.0, 1.0)


def boundary_ties(document: dict[str, Any], show_imports: bool = True,
                  show_cochange: bool = True) -> list[dict[str, Any]]:
    """The ties between pairs of boundaries, strongest first.

    One row per pair (`a` < `b`): the imports each way (`a_to_b`: modules of a importing
    modules of b), the co-change between them, and `strength`, weighted as the cut weighed
    them (import weight x imports + co-change weight x co-change), of the kinds shown.
    """
    known = {b["id"] for b in document.get("boundaries") or []}
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in document.get("cross_boundary") or []:
        s, t = edge["source"], edge["target"]
        if s == t or s not in known or t not in known:
            continue
        a, b = sorted((s, t))
        row = pairs.setdefault((a, b), {"a": a, "b": b, "a_to_b": 0, "b_to_a": 0,
                                        "cochange": 0.0})
        row["a_to_b" if s == a else "b_to_a"] += int(_number(edge.get("imports")))
        row["cochange"] += _number(edge.get("cochange"))
    import_weight, cochange_weight = _weights(document)
    for row in pairs.values():
        row["cochange"] = round(row["cochange"], 4)
        row["strength"] = round(
            (import_weight * (row["a_to_b"] + row["b_to_a"]) if show_imports else 0)
            + (cochange_weight * row["cochange"] if show_cochange else 0), 4)
    return sorted((r for r in pairs.values() if r["strength"] > 0),
                  key=lambda r: (-r["strength"], r["a"], r["b"]))


def boundary_layout(document: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Where each boundary sits: a force layout in which ties pull boundaries together.

    networkx's spring layout, started from the spectral layout (so the same analysis always
    gives the same picture, without a local minimum picked by chance) and seeded with the
    analysis's seed. A tie pulls by the logarithm of its strength: the shared kernel, which
    every boundary imports many times, stays in the middle without drowning out the ties
    between services. Every tie counts, whatever is shown, so nodes stay put as the slider
    moves.
    """
    ids = sorted({b["id"] for b in document.get("boundaries") or []})
    ties = boundary_ties(document)
    if len(ids) < 3 or not ties:
        return dict(zip(ids, _circle(len(ids), 10.0), strict=True))
    strongest = math.log1p(max(t["strength"] for t in ties))
    pull = {(t["a"], t["b"]): math.log1p(t["strength"]) / strongest for t in ties}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    # Every pair pulls a little (LOOSE_PULL), so boundaries without ties (or groups of them)
    # sit at the edge of the picture instead of far away, squeezing the rest into a dot.
    for a, b in itertools.combinations(ids, 2):
        graph.add_edge(a, b, weight=LOOSE_PULL + pull.get((a, b), 0.0))
    seed = int(_number((document.get("boundary_options") or {}).get("seed"))) % 2**32
    start = nx.spectral_layout(graph, weight="weight") if len(ids) <= SPECTRAL_LIMIT else None
    where = nx.spring_layout(graph, weight="weight", pos=start, seed=seed, iterations=300,
                             scale=10.0)
    return {node: (round(float(x), 6), round(float(y), 6)) for node, (x, y) in where.items()}


def default_ties_shown(count_boundaries: int, count_ties: int) -> int:
    return min(count_ties, max(1, TIES_PER_BOUNDARY * count_boundaries))


def boundary_graph(document: dict[str, Any], colours: dict[str, str], show_imports: bool,
                   show_cochange: bool, shown: int | None = None) -> go.Figure:
    """One node per boundary, placed by `boundary_layout`; the `shown` strongest ties drawn
    (all of them when None): imports as arrows from the importing boundary to the imported
    one, as wide as the imports are many, co-change as dotted lines."""
    boundaries = document.get("boundaries") or []
    where = boundary_layout(document)
    ties = boundary_ties(document, show_imports, show_cochange)
    ties = ties if shown is None else ties[:max(0, shown)]
    figure = go.Figure()
    most_imports = max((max(t["a_to_b"], t["b_to_a"]) for t in ties), default=0) or 1
    most_cochange = max((t["cochange"] for t in ties), default=0.0) or 1.0
    spread = max((abs(c) for point in where.values() for c in point), default=1.0) or 1.0
    label_x, label_y, labels = [], [], []
    arrows: list[dict[str, Any]] = []
    # Co-change lines of about the same width share one trace (a few traces, not one per
    # tie: plotly builds hundreds of them slowly).
    dotted: dict[float, tuple[list[float | None], list[float | None]]] = {}
    for tie in ties:
        a, b = tie["a"], tie["b"]
        (ax, ay), (bx, by) = where[a], where[b]
        length = math.hypot(bx - ax, by - ay) or 1.0
        # Arrows both ways between a pair are drawn side by side, not on top of each other.
        off_x, off_y = -(by - ay) / length * spread * 0.015, (bx - ax) / length * spread * 0.015
        both = show_imports and tie["a_to_b"] and tie["b_to_a"]
        parts = []
        for source, target, count, sign in ((a, b, tie["a_to_b"], 1), (b, a, tie["b_to_a"], -1)):
            if not show_imports or not count:
                continue
            shift = sign if both else 0
            width = round(1 + 7 * count / most_imports, 2)
            (sx, sy), (tx, ty) = where[source], where[target]
            arrows.append({
                "x": tx + shift * off_x, "y": ty + shift * off_y, "ax": sx + shift * off_x,
                "ay": sy + shift * off_y, "xref": "x", "yref": "y", "axref": "x",
                "ayref": "y", "text": "", "showarrow": True, "arrowhead": 2,
                "arrowsize": max(0.3, round(2.4 / width, 2)), "arrowwidth": width,
                "arrowcolor": IMPORT_COLOUR, "opacity": 0.75, "standoff": 14,
                "startstandoff": 10})
            parts.append(f"{hover(source)} imports {hover(target)} {count} times")
        if show_cochange and tie["cochange"]:
            width = round(2 * (1 + 4 * tie["cochange"] / most_cochange)) / 2
            xs, ys = dotted.setdefault(width, ([], []))
            xs += [ax, bx, None]
            ys += [ay, by, None]
            parts.append(f"co-change {tie['cochange']:.2f}")
        label_x.append(ax * 0.5 + bx * 0.5)
        label_y.append(ay * 0.5 + by * 0.5)
        labels.append(f"{hover(a)} and {hover(b)}: " + "<br>".join(parts))
    for width, (xs, ys) in sorted(dotted.items()):
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                    line={"width": width, "color": COCHANGE_COLOUR,
                                          "dash": "dot"}))
    figure.update_layout(annotations=arrows)
    figure.add_trace(go.Scatter(x=label_x, y=label_y, mode="markers", text=labels,
                                hoverinfo="text", marker={"size": 6, "color": "#555"},
                                name="tie (hover)"))
    placed = [b for b in boundaries if b["id"] in where]
    largest = max((_number(b.get("size")) for b in placed), default=1.0) or 1.0
    figure.add_trace(go.Scatter(
        x=[where[b["id"]][0] for b in placed], y=[where[b["id"]][1] for b in placed],
        mode="markers+text", name="boundaries", textposition="top center",
        text=[hover(f"{b['id']} {b.get('name', '')}") for b in placed],
        hovertext=[f"{hover(b['id'])}: {b.get('size')} modules, {b.get('loc')} lines"
                   for b in placed], hoverinfo="text",
        marker={"size": [12 + 24 * math.sqrt(max(_number(b.get("size")), 1) / largest)
                         for b in placed],
                "color": [colours.get(b["id"], "#999999") for b in placed],
                "line": {"width": 1, "color": "#333"}}))
    return _styled(figure)


def tie_table(ties: list[dict[str, Any]], shown: int) -> list[dict[str, Any]]:
    """Every tie, strongest first, marked whether the graph draws it."""
    return [{"boundary": t["a"], "and boundary": t["b"], "imports →": t["a_to_b"],
             "imports ←": t["b_to_a"], "co-change": t["cochange"], "strength": t["strength"],
             "drawn": index < shown} for index, t in enumerate(ties)]


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
