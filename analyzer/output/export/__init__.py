"""Exports of an analysis document for the tools people already use (pure).

Each format is a function from the analysis document (the dict in analysis.json) to text:
`render(document, "graphml")`. `FORMATS` lists them with a file name to suggest and a line
of help. Text taken from the analysed repository is escaped for every format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from analyzer.errors import InputError
from analyzer.output.export.configs import importlinter_toml, tach_toml
from analyzer.output.export.diagrams import dot, mermaid
from analyzer.output.export.graphs import gexf, graphml
from analyzer.output.export.report import html_report
from analyzer.output.export.schema import schema_text
from analyzer.output.export.table import assignment_csv


@dataclass(frozen=True)
class Format:
    """One export: how it is made, the file name it usually gets, and what it is for."""

    render: Callable[[Mapping[str, Any]], str]
    filename: str
    help: str


FORMATS: dict[str, Format] = {
    "graphml": Format(graphml, "faultline.graphml",
                      "module graph for yEd, Cytoscape, Gephi (boundary, kernel, hotspot...)"),
    "gexf": Format(gexf, "faultline.gexf", "the same module graph for Gephi"),
    "dot": Format(dot, "faultline.dot", "Graphviz: modules clustered by boundary"),
    "mermaid": Format(mermaid, "boundaries.mmd",
                      "boundary graph as a Mermaid flowchart (GitHub Markdown)"),
    "html": Format(html_report, "faultline-report.html",
                   "one-file report that opens offline, no scripts"),
    "tach": Format(tach_toml, "tach.toml", "tach.toml: one tach module per boundary"),
    "importlinter": Format(importlinter_toml, "importlinter.toml",
                           "import-linter contracts between the boundaries"),
    "schema": Format(lambda _document: schema_text(), "analysis.schema.json",
                     "JSON Schema (draft 2020-12) of analysis.json"),
    "assignment-csv": Format(assignment_csv, "assignment.csv", "module -> boundary table"),
}


def render(document: Mapping[str, Any], name: str) -> str:
    """The text of export `name` for `document`; InputError for an unknown format or a
    document that lacks what the format needs."""
    if name not in FORMATS:
        raise InputError(f"Unknown export format '{name}'; choose one of "
                         f"{', '.join(FORMATS)}.")
    try:
        return FORMATS[name].render(document)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise InputError(f"The analysis lacks what the {name} export needs ({error!r}); "
                         "re-run `faultline analyze` to regenerate it.") from error
