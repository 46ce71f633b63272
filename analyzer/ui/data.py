"""Which analysis the app shows, loading it (cached) and the lookups the pages share."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from analyzer.errors import InputError
from analyzer.output.document import load_analysis, loads
from analyzer.ui.ahead import ENV_VAR, file_stamp, taken
from analyzer.ui.shape import shape_problem

SOURCE = "faultline_source"


def initial_source() -> dict[str, Any] | None:
    """The analysis named by $FAULTLINE_ANALYSIS (set by `faultline app PATH`)."""
    given = os.environ.get(ENV_VAR)
    return {"label": given, "path": given, "data": None} if given else None


def source() -> dict[str, Any] | None:
    if SOURCE not in st.session_state:
        st.session_state[SOURCE] = initial_source()
    return st.session_state[SOURCE]


def open_path(path: str) -> None:
    st.session_state[SOURCE] = {"label": path, "path": path, "data": None}


def open_upload(name: str, data: bytes) -> None:
    st.session_state[SOURCE] = {"label": name, "path": None, "data": data}


@st.cache_data(show_spinner="Loading the analysis...", max_entries=4)
def load_document(label: str, path: str | None, data: bytes | None,
                  stamp: tuple[float, int] | None) -> dict[str, Any]:
    """The plain analysis document from a file or uploaded bytes (InputError when unusable).

    `stamp` (mtime, size) makes an analysis.json that changed on disk load again; the one
    `faultline app` read ahead with the same stamp is taken as it is (checked already).
    """
    if path is not None:
        ahead = taken(path, stamp)
        if ahead is not None:
            return ahead
        document = load_analysis(path)
    else:
        try:
            text = (data or b"").decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"'{label}' is not UTF-8 text; give the analysis.json written by "
                             "`faultline analyze`.") from error
        document = loads(text, source=label)
    problem = shape_problem(document)
    if problem is not None:
        raise InputError(f"'{label}' is damaged or not written by Faultline ({problem}); run "
                         "`faultline analyze` again to regenerate it.")
    return document


def current() -> tuple[str, dict[str, Any]]:
    """(key, document) of the open analysis; otherwise a message on the page and stop."""
    chosen = source()
    if not chosen:
        st.info("No analysis is open. Pick an `analysis.json` in the sidebar, or analyse a "
                "local folder there. (`faultline app DIR` opens DIR/analysis.json.)")
        st.stop()
    path, data = chosen["path"], chosen["data"]
    stamp = file_stamp(path) if path else None
    try:
        document = load_document(chosen["label"], path, data, stamp)
    except InputError as error:
        st.error(str(error))
        st.stop()
    digest = hashlib.sha256(data or b"").hexdigest()
    key = f"path:{path}:{stamp}" if path else f"upload:{digest}"
    return key, document


def module_boundary(document: Mapping[str, Any]) -> dict[str, str]:
    return {m["name"]: m.get("boundary") or "isolated" for m in document.get("modules", [])}


def path_boundary(document: Mapping[str, Any]) -> dict[str, str]:
    return {m["path"]: m.get("boundary") or "isolated" for m in document.get("modules", [])}


def boundaries_by_id(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["id"]: b for b in document.get("boundaries", [])}


def boundary_order(document: Mapping[str, Any]) -> list[str]:
    """Boundary ids, depended-upon first: the kernel, then services whose imports point back.

    Topological order of the boundary imports without the `acyclic_cuts`; so in a matrix with
    importers as rows, a dependency above the diagonal is one that closes a cycle.
    """
    ids = [b["id"] for b in document.get("boundaries", [])]
    cuts = {(c["source"], c["target"]) for c in document.get("acyclic_cuts", []) or []}
    needs: dict[str, set[str]] = {i: set() for i in ids}
    for edge in document.get("cross_boundary", []) or []:
        s, t = edge["source"], edge["target"]
        if edge.get("imports") and (s, t) not in cuts and s in needs and t in needs and s != t:
            needs[s].add(t)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(ids):
        ready = [i for i in ids if i not in placed and needs[i] <= placed]
        if not ready:  # a cycle the cuts did not break: take the next one as it comes
            ready = [next(i for i in ids if i not in placed)]
        for i in ready:
            order.append(i)
            placed.add(i)
    return order
