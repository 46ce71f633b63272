"""Decisions: the decision records the evidence supports; edit, download or write them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import streamlit as st

from analyzer.decisions.records import render_records
from analyzer.decisions.writer import Outcome, WriteFailed, find_adr_dir, write_records
from analyzer.errors import AnalyzerError
from analyzer.ui import access, data
from analyzer.ui.widgets import clean, md


def render() -> None:
    key, document = data.current()
    st.title("Decisions")
    records = render_records(document)
    st.caption(f"{len(records)} proposed decision records (MADR) from this analysis. Edit the "
               "title and the text, then download them or write them to the repository's ADR "
               "folder; an existing record is never overwritten.")
    edited = [_record(index, key, record) for index, record in enumerate(records)]
    st.download_button("Download all (.zip)", _zip(edited), file_name="decisions.zip",
                       mime="application/zip", key="adr_zip")
    _writer(document, edited)


def _record(index: int, key: str, record: Any) -> tuple[str, str, str]:
    with st.expander(clean(record.title), expanded=index == 0):
        title = st.text_input("Title", clean(record.title), key=f"adr_title_{index}_{key}")
        text = st.text_area("Decision record (Markdown)", clean(record.text), height=300,
                            key=f"adr_text_{index}_{key}")
        text = retitle(text, title)
        st.download_button("Download", text, file_name=f"{record.slug}.md",
                           mime="text/markdown", key=f"adr_download_{index}")
        with st.container(border=True):
            st.markdown(text)
    return record.slug, title, text


def retitle(text: str, title: str) -> str:
    """The record with its first `# ` heading set to `title` (one line)."""
    title = " ".join(title.split())
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines[i] = f"# {title}"
            break
    return "\n".join(lines)


def _zip(records: list[tuple[str, str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (slug, _title, text) in enumerate(records, start=1):
            archive.writestr(f"{number:04d}-{slug}.md", text)
    return buffer.getvalue()


def _writer(document: dict[str, Any], records: list[tuple[str, str, str]]) -> None:
    st.subheader("Write to the repository")
    repo = Path(str((document.get("repo") or {}).get("path") or ""))
    if not repo.is_dir():
        st.info(f"The analysed repository ({md(repo)}) is not on this machine; download the "
                "records instead.")
        return
    if not access.allowed(access.WRITE):
        st.info(md(access.off_message(access.WRITE, "Writing to the repository")) +
                " Download the records instead.")
        return
    try:
        default = find_adr_dir(repo)
    except AnalyzerError as error:
        st.error(str(error))
        return
    folder = st.text_input("ADR folder (inside the repository)", str(default),
                           key="adr_folder")
    if st.button("Write the records", key="adr_write"):
        target = repo / Path(folder).expanduser()  # a relative folder is taken in the repo
        refused = access.refusal(access.WRITE, target, repo)
        if refused:
            st.error(md(refused))
            return
        try:
            outcomes = write_records(target, records)
        except WriteFailed as error:  # what was written before it, then why it stopped
            _show(error.done)
            st.error(clean(str(error)))
            return
        except (AnalyzerError, OSError) as error:
            st.error(clean(str(error)))
            return
        _show(outcomes)


def _show(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        line = f"{outcome.action}: {outcome.path}"
        if outcome.action == "wrote":
            st.success(clean(line))
        else:
            st.warning(clean(line + " (already there; left as it is)"))


if __name__ == "__main__":
    render()
