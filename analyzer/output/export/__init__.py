"""Exports of an analysis document for the tools people already use (pure).

Each format is a function from the analysis document (the dict in analysis.json) to text:
`render(document, "graphml")`. `FORMATS` lists them with a file name to suggest and a line
of help. Text taken from the analysed repository is escaped for every format.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
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

    render: Callable[..., str]
    filename: str
    help: str
    #: Whether `render` takes the modules the analysis left out (`left_out=`).
    left_out: bool = False


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
                           "import-linter contracts between the boundaries", left_out=True),
    "schema": Format(lambda _document: schema_text(), "analysis.schema.json",
                     "JSON Schema (draft 2020-12) of analysis.json"),
    "assignment-csv": Format(assignment_csv, "assignment.csv", "module -> boundary table"),
}


def render(document: Mapping[str, Any], name: str, *, left_out: Collection[str] = ()) -> str:
    """The text of export `name` for `document`; InputError for an unknown format or a
    document that lacks what the format needs. `left_out`: the analysed packages' modules that
    no boundary holds (tests, migrations), for the formats that must set them aside."""
    if name not in FORMATS:
        raise InputError(f"Unknown export format '{name}'; choose one of "
                         f"{', '.join(FORMATS)}.")
    try:
        found = FORMATS[name]
        return found.render(document, left_out=left_out) if found.left_out else \
            found.render(document)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise InputError(f"The analysis lacks what the {name} export needs ({error!r}); "
                         "re-run `faultline analyze` to regenerate it.") from error
