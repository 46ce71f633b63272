"""Overview: the repository, the history read, the headline metrics and warnings."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analyzer.ui import data
from analyzer.ui.widgets import frame, md, metric_table, table


def render() -> None:
    _key, document = data.current()
    repo = document.get("repo") or {}
    st.title("Overview")
    st.markdown(f"**Repository** {md(repo.get('path'))}  \n"
                f"**Commit** {md(repo.get('head') or 'not a git commit')} on branch "
                f"{md(repo.get('branch') or '-')}  \n"
                f"**Analysed** {md(document.get('generated_at', '-'))} by Faultline "
                f"{md((document.get('tool') or {}).get('version', '?'))}")
    _summary(document.get("summary") or {})
    _dependencies(document)
    _history(document.get("history") or {})
    _backtest(document.get("validation") or {})
    st.subheader("Headline metrics of the proposed boundaries")
    metrics = document.get("metrics") or {}
    if metrics:
        st.caption(f"{metrics.get('boundaries', 0)} boundaries proposed. "
                   "Each figure with what a good and a poor value looks like.")
        table(metric_table(metrics))
    else:
        st.info("This analysis has no boundary proposal (run `faultline analyze` with "
                "boundaries on).")
    boundaries = document.get("boundaries") or []
    if boundaries:
        table(frame(boundaries, ["id", "name", "kind", "size", "loc", "stability",
                                 "extraction_order"]))
    _warnings(document.get("warnings") or [])


def _summary(summary: dict[str, Any]) -> None:
    columns = st.columns(5)
    for column, (label, key) in zip(columns, [
        ("Modules", "modules"), ("Internal imports", "imports"),
        ("Third-party packages", "external_packages"), ("Import cycles", "cycles"),
        ("Warnings", "warnings"),
    ], strict=True):
        column.metric(label, summary.get(key, 0))


def _dependencies(document: dict[str, Any]) -> None:
    kinds = (document.get("summary") or {}).get("dependencies") or {}
    roots = ", ".join(md(r) for r in document.get("source_roots") or ["."])
    text = f"**Source roots** {roots}"
    if kinds:
        text += ("  \n**Dependencies without an import line** "
                 + ", ".join(f"{md(kind)} {n}" for kind, n in sorted(kinds.items())))
    st.markdown(text)


def _backtest(validation: dict[str, Any]) -> None:
    """Would the cut have held? Shown when the analysis was made with --backtest."""
    rows = validation.get("partitions") or {}
    if not rows:
        return
    cut = validation.get("cutoff") or {}
    st.subheader("Backtest: would this cut have held?")
    st.caption(f"Proposed from the history up to {md(str(cut.get('date', ''))[:10])}; then, "
               f"over the {cut.get('after', 0)} commits after it, the share of changes that "
               "touched two or more services. Lift = 1 - share / share of random partitions "
               "of the same sizes; higher is better.")
    labels = {"proposal": "proposal", "package_tree": "package tree", "apps": "declared apps"}
    table(frame([{"partition": labels.get(name, name), "groups": row.get("groups"),
                  "changes": row.get("counted"), "crossing share": row.get("share"),
                  "random share": row.get("random_share"), "lift": row.get("lift")}
                 for name, row in rows.items()],
                ["partition", "groups", "changes", "crossing share", "random share", "lift"]))


def _history(history: dict[str, Any]) -> None:
    st.subheader("History read")
    if not history.get("read"):
        st.info("No git history was read: imports only (no co-change, hotspots or owners).")
        return
    dropped = history.get("dropped") or {}
    st.markdown(f"{history.get('commits_used', 0)} of {history.get('commits_read', 0)} commits "
                f"counted, from {md(history.get('first') or '-')} to "
                f"{md(history.get('last') or '-')}.")
    if dropped:
        st.caption("Left out: " + ", ".join(f"{md(k)} {v}" for k, v in sorted(dropped.items())))
    if history.get("shallow"):
        st.warning("This is a shallow clone: the history is incomplete.")


def _warnings(warnings: list[dict[str, Any]]) -> None:
    st.subheader(f"Warnings ({len(warnings)})")
    if warnings:
        table(frame(warnings, ["code", "path", "message"]))
    else:
        st.caption("No warnings.")


if __name__ == "__main__":
    render()
