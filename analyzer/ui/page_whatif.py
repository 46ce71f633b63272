"""What-if: move, merge, split or re-cut boundaries; every metric recomputes at once."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analyzer.boundaries import whatif
from analyzer.ui import data
from analyzer.ui.widgets import clean, comparison_table, frame, metric_row, table

STATE = "whatif"
NEW = "(new boundary)"
#: The figures shown as tiles; every figure is in the table below them.
HEADLINE = ("modularity", "icp_imports")


@st.cache_resource(show_spinner=False, max_entries=4)
def baseline(key: str, _document: dict[str, Any]) -> tuple[whatif.Scenario, dict[str, Any]]:
    """The scenario of one analysis (by key) and the score of its proposal."""
    scenario = whatif.scenario_from_document(_document)
    return scenario, whatif.rescore(scenario, scenario.assignment)


def render() -> None:
    key, document = data.current()
    st.title("What-if")
    if not document.get("boundaries"):
        st.info("This analysis has no boundary proposal to change.")
        return
    scenario, before = baseline(key, document)
    state = st.session_state.get(STATE)
    if not state or state["key"] != key:
        state = st.session_state[STATE] = {"key": key, "assignment": dict(scenario.assignment),
                                           "log": []}
    _workspace(scenario, before, state)


@st.fragment
def _workspace(scenario: whatif.Scenario, before: dict[str, Any], state: dict[str, Any]) -> None:
    """The controls and the figures: a change reruns only this part of the page."""
    top = st.container()
    _controls(scenario, state)
    after = whatif.rescore(scenario, state["assignment"])
    deltas = whatif.compare(before, after)
    with top:
        st.caption("Change the proposal below; the figures show the change from the proposal "
                   "in the analysis.")
        metric_row(after["metrics"], deltas, HEADLINE, extra=[
            ("Crossing imports", after["crossing_imports"], deltas.get("crossing_imports"),
             "inverse", "How many imports cross a boundary: each one a call between services."),
            ("Boundaries", after["metrics"].get("boundaries", "-"),
             deltas.get("boundaries"), "off", None)])
        table(comparison_table(before["metrics"], after["metrics"]), key="whatif_metrics")
    st.subheader("Boundaries now")
    rows = [{"boundary": b, **figures} for b, figures in sorted(after["boundaries"].items())]
    table(frame(rows, ["boundary", "size", "internal_imports", "external_imports",
                       "icp_imports", "icp_cochange", "cohesion", "rei"]), key="whatif_table")
    if state["log"]:
        st.subheader("Changes")
        for line in state["log"]:
            st.text(clean(line))


def _controls(scenario: whatif.Scenario, state: dict[str, Any]) -> None:
    assignment = state["assignment"]
    ids = sorted(set(assignment.values()))
    move, merge, split, recut = st.tabs(["Move modules", "Merge", "Split", "Re-cut"])
    with move:
        modules = st.multiselect("Modules", sorted(assignment), key="move_modules",
                                 format_func=clean)
        target = st.selectbox("Into boundary", [*ids, NEW], key="move_target", format_func=clean)
        if st.button("Move", key="move_apply", disabled=not modules):
            goal = _new_id(assignment) if target == NEW else target
            _apply(state, whatif.move(assignment, modules, goal),
                   f"moved {len(modules)} module(s) into {goal}")
    with merge:
        keep = st.selectbox("Keep boundary", ids, key="merge_keep", format_func=clean)
        other = st.selectbox("Fold in boundary", [i for i in ids if i != keep], key="merge_other",
                             format_func=clean)
        if st.button("Merge", key="merge_apply", disabled=other is None):
            _apply(state, whatif.merge(assignment, keep, other), f"merged {other} into {keep}")
    with split:
        source = st.selectbox("Boundary", ids, key="split_source", format_func=clean)
        members = sorted(m for m, b in assignment.items() if b == source)
        leaving = st.multiselect("Modules that leave for a new boundary", members,
                                 key="split_modules", format_func=clean)
        if st.button("Split", key="split_apply", disabled=not leaving):
            goal = _new_id(assignment)
            _apply(state, whatif.split(assignment, source, leaving, goal),
                   f"split {len(leaving)} module(s) of {source} into {goal}")
    with recut:
        options = scenario.options
        cols = st.columns(3)
        resolution = cols[0].number_input("Resolution", 0.1, 10.0, options.resolution, 0.1,
                                          key="recut_resolution",
                                          help="Higher gives more, smaller boundaries.")
        imports = cols[1].number_input("Import weight", 0.0, 10.0, options.import_weight, 0.1,
                                       key="recut_imports")
        cochange = cols[2].number_input("Co-change weight", 0.0, 10.0, options.cochange_weight,
                                        0.1, key="recut_cochange")
        if st.button("Re-cut", key="recut_apply"):
            with st.spinner("Re-cutting..."):
                fresh = whatif.recut(scenario, resolution=resolution, import_weight=imports,
                                     cochange_weight=cochange)
            _apply(state, fresh, f"re-cut: resolution {resolution}, import weight {imports}, "
                                 f"co-change weight {cochange}")
    if st.button("Back to the proposal", key="reset", disabled=not state["log"]):
        state["assignment"], state["log"] = dict(scenario.assignment), []


def _apply(state: dict[str, Any], assignment: dict[str, str], note: str) -> None:
    state["assignment"] = assignment
    state["log"].append(note)


def _new_id(assignment: dict[str, str]) -> str:
    numbers = [int(b[1:]) for b in set(assignment.values()) if b[1:].isdigit()]
    return f"b{max(numbers, default=0) + 1:02d}"


if __name__ == "__main__":
    render()
