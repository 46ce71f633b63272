"""A single-file HTML report of an analysis that opens offline (pure).

Summary, metrics, the boundaries, the boundary x boundary matrix of crossing imports, the
extraction plan, the top hotspots and the modules of each boundary. No script at all and no
external resource: the styles are inline and a Content-Security-Policy forbids loading
anything. Every value from the analysis is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from analyzer.output.export.common import text

TOP_HOTSPOTS = 20
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
color:#1f2328}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#8c959f}code{font-size:.9em}
.matrix th.r{writing-mode:vertical-rl;transform:rotate(180deg)}
"""


def _e(value: object) -> str:
    return html.escape(text(value), quote=True)


def _num(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return _e(value)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    """A table of already-escaped cells; columns in `numeric` are right-aligned."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                         for i, c in enumerate(row)) + "</tr>\n"
        for row in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}</table>\n"


def _summary(document: Mapping[str, Any]) -> str:
    summary = document.get("summary", {})
    metrics = document.get("metrics") or {}
    rows = [(_e(k), _num(v)) for k, v in summary.items() if not isinstance(v, dict)]
    rows += [(_e(f"dependencies: {k}"), _num(v))
             for k, v in (summary.get("dependencies") or {}).items()]
    rows += [(_e(k), _num(v)) for k, v in metrics.items()]
    return "<h2>Summary</h2>\n" + _table(["figure", "value"], rows, {1})


def _boundaries(document: Mapping[str, Any]) -> str:
    rows = []
    for b in document.get("boundaries") or []:
        owners = ", ".join(f"{_e(o['author'])} ({o['share']:.0%})" for o in b.get("owners", []))
        hot = "<br>".join(f"<code>{_e(h)}</code>" for h in b.get("hotspots", []))
        rows.append((_e(b["id"]), _e(b["name"]), _e(b.get("kind")), _num(b.get("size")),
                     _num(b.get("loc")), _num(len(b.get("interface", []))),
                     _num(b.get("stability")), _num(b.get("extraction_order")), owners, hot))
    if not rows:
        return "<h2>Boundaries</h2>\n<p>No boundaries in this analysis.</p>\n"
    return "<h2>Boundaries</h2>\n" + _table(
        ["id", "name", "kind", "modules", "loc", "interface", "stability", "order", "owners",
         "hotspots"], rows, {3, 4, 5, 6, 7})


def _matrix(document: Mapping[str, Any]) -> str:
    """Rows import columns: the number of imports from the row's boundary to the column's."""
    boundaries = [str(b["id"]) for b in document.get("boundaries") or []]
    if not boundaries:
        return ""
    counts = {(str(c["source"]), str(c["target"])): int(c.get("imports") or 0)
              for c in document.get("cross_boundary") or []}
    head = "<th>imports from \\ to</th>" + "".join(
        f'<th class="r">{_e(b)}</th>' for b in boundaries)
    rows = []
    for source in boundaries:
        cells = []
        for target in boundaries:
            n = counts.get((source, target), 0)
            shown = "·" if source == target else str(n)
            cells.append(f'<td class="n{" zero" if not n else ""}">{shown}</td>')
        rows.append(f"<tr><th>{_e(source)}</th>{''.join(cells)}</tr>")
    return ('<h2>Crossing imports</h2>\n<table class="matrix">\n'
            f"<tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>\n")


def _plan(document: Mapping[str, Any]) -> str:
    names = {str(b["id"]): b["name"] for b in document.get("boundaries") or []}
    rows = [(_num(s["order"]), _e(f"{s['boundary']} {names.get(str(s['boundary']), '')}"),
             _num(s.get("cost")), _num(s.get("incoming_imports")),
             _num(s.get("outgoing_imports")), _num(s.get("cochange")))
            for s in document.get("extraction_plan") or []]
    if not rows:
        return ""
    return "<h2>Extraction plan</h2>\n" + _table(
        ["order", "boundary", "cost", "imports in", "imports out", "co-change"], rows,
        {0, 2, 3, 4, 5})


def _hotspots(document: Mapping[str, Any]) -> str:
    rows = [(_num(h["rank"]), f"<code>{_e(h['path'])}</code>", _num(h.get("revisions")),
             _num(h.get("complexity")), _num(h.get("score")))
            for h in (document.get("hotspots") or [])[:TOP_HOTSPOTS]]
    if not rows:
        return ""
    return f"<h2>Top {len(rows)} hotspots</h2>\n" + _table(
        ["rank", "file", "revisions", "complexity", "score"], rows, {0, 2, 3, 4})


def _modules(document: Mapping[str, Any]) -> str:
    parts = []
    for b in document.get("boundaries") or []:
        items = "".join(f"<li><code>{_e(m)}</code></li>" for m in b.get("modules", []))
        parts.append(f"<details><summary>{_e(b['id'])} {_e(b['name'])} "
                     f"({len(b.get('modules', []))} modules)</summary><ul>{items}</ul>"
                     "</details>\n")
    return "<h2>Modules by boundary</h2>\n" + "".join(parts) if parts else ""


def html_report(document: Mapping[str, Any]) -> str:
    """The whole report as one HTML5 document."""
    repo = document.get("repo") or {}
    tool = document.get("tool") or {}
    title = f"Faultline: {repo.get('path', '')}"
    head_sha = str(repo.get("head") or "")[:12]
    facts = (f"{_e(repo.get('branch') or '')} {_e(head_sha)}, generated "
             f"{_e(document.get('generated_at', ''))} by {_e(tool.get('name', 'faultline'))} "
             f"{_e(tool.get('version', ''))} (schema {_e(document.get('schema_version'))})")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n<p>{facts}</p>\n"
        + _summary(document) + _boundaries(document) + _matrix(document) + _plan(document)
        + _hotspots(document) + _modules(document)
        + "</body>\n</html>\n"
    )
