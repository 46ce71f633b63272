"""Small pieces every page uses: safe text, tables, and metric readings."""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

MODULE_GRAPH_LIMIT = 400  # above this, graphs start at the boundary level

# name -> (title, direction, plain-language reading, good_if, poor_if)
METRICS: dict[str, tuple[str, str, str, float, float]] = {
    "modularity": ("Modularity Q", "higher",
                   "How much more the ties stay inside boundaries than chance would give. "
                   "Above 0.3 is a clear structure; near 0 means the cut is no better than random.",
                   0.3, 0.1),
    "sm": ("Structural modularity", "higher",
           "Import density inside boundaries minus density between them. Above 0 is good; "
           "below 0 means boundaries import each other more than themselves.", 0.05, 0.0),
    "icp_imports": ("Crossing imports", "lower",
                    "Share of imports that cross a boundary. Under 0.2 is good; above 0.5 the "
                    "services would call each other for most things.", 0.2, 0.5),
    "icp_imports_services": ("Crossing imports between services", "lower",
                             "Share of imports between two services (the shared kernel and "
                             "isolated modules left out) that cross a boundary. Under 0.2 is "
                             "good.", 0.2, 0.5),
    "icp_cochange": ("Crossing co-change", "lower",
                     "Share of co-change that crosses a boundary. Under 0.2 is good; above 0.5 "
                     "most changes would touch two services at once.", 0.2, 0.5),
    "ifn": ("Interface size", "lower",
            "Modules per boundary that outsiders import. Small interfaces (under 3) are good; "
            "large ones (over 8) make a boundary hard to extract.", 3.0, 8.0),
    "ned": ("Extreme sizes", "lower",
            "Share of modules in boundaries that are too small or too big. 0 is ideal; "
            "above 0.3 the cut is lopsided.", 0.1, 0.3),
    "rei": ("Co-change across / inside", "lower",
            "Co-change across borders relative to inside them. Below 1 changes stay inside "
            "boundaries; above 1 they spread across them.", 0.5, 1.0),
}

_PUNCTUATION = set(string.punctuation)


def clean(value: Any) -> Any:
    """Strings safe for display and pyarrow: lone surrogates become backslash escapes."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def md(value: Any) -> str:
    """Text from the analysed repo, escaped so Markdown shows it literally."""
    return "".join("\\" + c if c in _PUNCTUATION else c for c in str(clean(value)))


def hover(value: Any) -> str:
    """Text from the analysed repo for plotly labels (which read a little HTML)."""
    return html.escape(str(clean(value)))


def frame(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of the given columns; strings cleaned, lists joined."""
    data = [[_cell(row.get(c)) for c in columns] for row in rows]
    return pd.DataFrame(data, columns=columns)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(clean(v)) for v in value)
    return clean(value)


def table(df: pd.DataFrame, *, key: str | None = None, height: int | None = None) -> None:
    if df.empty:
        st.caption("Nothing to show.")
        return
    options: dict[str, Any] = {"hide_index": True, "width": "stretch", "key": key}
    if height:
        options["height"] = height
    st.dataframe(df, **options)


def verdict(name: str, value: float | None) -> str:
    if value is None or name not in METRICS:
        return "-"
    _title, direction, _text, good, poor = METRICS[name]
    if direction == "higher":
        return "good" if value >= good else "poor" if value <= poor else "fair"
    return "good" if value <= good else "poor" if value >= poor else "fair"


def metric_table(metrics: Mapping[str, Any]) -> pd.DataFrame:
    rows = [{"metric": title, "value": metrics.get(name), "better": direction,
             "reading": verdict(name, metrics.get(name)), "what it means": text}
            for name, (title, direction, text, _g, _p) in METRICS.items()]
    return pd.DataFrame(rows)


#: Labels short enough for a metric tile on a narrow column (the full titles are in METRICS;
#: a longer label is cut off as "Crossing i…").
SHORT_TITLES: dict[str, str] = {
    "modularity": "Modularity Q",
    "sm": "Structure SM",
    "icp_imports": "Crossing share",
    "icp_imports_services": "Service crossing",
    "icp_cochange": "Co-change share",
    "ifn": "Interface size",
    "ned": "Extreme sizes",
    "rei": "Co-change ratio",
}
assert SHORT_TITLES.keys() == METRICS.keys()
#: Tiles per row: four fit the labels and signed values with their changes.
TILES_PER_ROW = 4


def metric_row(metrics: Mapping[str, Any], deltas: Mapping[str, Any] | None = None,
               names: Iterable[str] = tuple(METRICS), *,
               extra: Iterable[tuple[str, Any, Any, str, str | None]] = ()) -> None:
    """A st.metric tile per figure in `names` (short labels, at most TILES_PER_ROW a row), then
    the `extra` tiles (label, value, delta, delta colour, help); with `deltas`, the change."""
    tiles: list[tuple[str, str, str | None, str, str | None]] = []
    for name in names:
        _title, direction, text, _g, _p = METRICS[name]
        value = metrics.get(name)
        delta = None if deltas is None else deltas.get(name)
        tiles.append((SHORT_TITLES[name], "-" if value is None else f"{value:.3f}",
                      None if not delta else f"{delta:+.3f}",
                      "normal" if direction == "higher" else "inverse",
                      f"{METRICS[name][0]}: {text}"))
    for label, value, delta, colour, text in extra:
        tiles.append((label, str(value), None if not delta else f"{delta:+g}", colour, text))
    for start in range(0, len(tiles), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, (label, value, delta, colour, text) in zip(
                columns, tiles[start:start + TILES_PER_ROW], strict=False):
            column.metric(label, value, delta=delta, delta_color=colour, help=text)


def comparison_table(before: Mapping[str, Any], after: Mapping[str, Any]) -> pd.DataFrame:
    """Every figure with its full title: the proposal's value, the value now, the change, and
    the reading of the value now (what each means: the Overview's table)."""
    rows = []
    for name, (title, direction, _text, _g, _p) in METRICS.items():
        old, new = before.get(name), after.get(name)
        change = (round(new - old, 4) if isinstance(old, int | float)
                  and isinstance(new, int | float) else None)
        rows.append({"metric": title, "proposal": old, "now": new, "change": change,
                     "better": direction, "reading": verdict(name, new)})
    return pd.DataFrame(rows)
