"""The app's frame: page navigation (one URL per page) and the sidebar that picks the analysis."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analyzer.errors import AnalyzerError
from analyzer.output.document import dumps, to_document
from analyzer.ui import access, data
from analyzer.ui.widgets import clean, md

HERE = Path(__file__).parent

PAGES = [  # file, title, url path, icon
    ("page_overview.py", "Overview", "overview", ":material/dashboard:"),
    ("page_boundaries.py", "Boundaries", "boundaries", ":material/hub:"),
    ("page_matrix.py", "Dependency matrix", "matrix", ":material/grid_on:"),
    ("page_hotspots.py", "Hotspots", "hotspots", ":material/local_fire_department:"),
    ("page_coupling.py", "Coupling", "coupling", ":material/link:"),
    ("page_whatif.py", "What-if", "what-if", ":material/tune:"),
    ("page_decisions.py", "Decisions", "decisions", ":material/gavel:"),
]


def main() -> None:
    st.set_page_config(page_title="Faultline", page_icon=":material/hub:", layout="wide")
    pages = [st.Page(HERE / file, title=title, url_path=url, icon=icon, default=index == 0)
             for index, (file, title, url, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    with st.sidebar:
        _source_picker()
    page.run()


def _source_picker() -> None:
    chosen = data.source()
    st.caption("Analysis: " + (md(chosen["label"]) if chosen else "none open"))
    with st.expander("Open another analysis", expanded=not chosen):
        upload = st.file_uploader("analysis.json", type=["json"], key="upload")
        if upload is not None and st.button("Open this file", key="open_upload"):
            data.open_upload(upload.name, upload.getvalue())
            st.rerun()
        if not access.allowed(access.ANALYSE):
            st.caption(md(access.off_message(access.ANALYSE, "Analysing a local folder")))
            return
        folder = st.text_input("Analyse a local folder", key="analyse_path",
                               placeholder="/path/to/repository")
        if st.button("Analyse", key="analyse", disabled=not folder):
            _analyse(folder)


def _analyse(folder: str) -> None:
    bar = st.progress(0.0, text="Starting the analysis")
    seen: list[str] = []

    def say(message: str) -> None:
        seen.append(message)
        bar.progress(min(0.95, len(seen) / 12), text=clean(message))

    from analyzer.pipeline import analyze  # only when asked: keeps the first page quick

    path = Path(folder).expanduser()
    refused = access.refusal(access.ANALYSE, path)
    if refused:
        bar.empty()
        st.error(md(refused))
        return
    try:
        text = dumps(to_document(analyze(path, progress=say, second_process=False)))
    except (AnalyzerError, OSError) as error:
        bar.empty()
        st.error(str(error))
        return
    bar.progress(1.0, text="Done")
    # Kept in the session, as an uploaded file is: no folder left behind in /tmp.
    data.open_upload(f"analysis of {path}", text.encode("utf-8"))
    st.rerun()
