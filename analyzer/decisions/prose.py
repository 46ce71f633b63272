"""The pieces every decision record is made of: the record value, the options, headings,
lists, numbers and the evidence looked up in an analysis document (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from analyzer.output.markdown import code_span, escape_md

OVERVIEW_SLUG = "decompose-into-services"
KEEP, MODULAR, EXTRACT = (
    "Keep the monolith",
    "Modular monolith with enforced boundaries",
    "Extract services in the planned order",
)
# Newman & Girvan (2004): modularity above about 0.3 indicates real community structure.
STRONG_MODULARITY = 0.3
STABLE = 0.8
PROPOSED = "proposed"
UNKNOWN_DATE = "1970-01-01"  # the analysis carried no readable date

Document = Mapping[str, Any]


class Record(NamedTuple):
    """One decision record: file slug (no number), plain-text title, Markdown text."""

    slug: str
    title: str
    text: str


def _services(document: Document) -> list[Mapping[str, Any]]:
    services = [b for b in document.get("boundaries") or [] if b.get("kind") == "service"]
    return sorted(services, key=lambda b: (b.get("extraction_order") or 10**9, str(b["id"])))


def _date(document: Document) -> str:
    stamp = str(document.get("generated_at") or "")
    return stamp[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp[:10]) else UNKNOWN_DATE


def record_head(title: str, date: str, *, status: str = PROPOSED,
                front_matter: bool = True) -> list[str]:
    """The first lines of every record Faultline writes: `faultline adr`'s and the draft in
    the pull-request comment alike. `title` is Markdown (escaped already), `date` YYYY-MM-DD.

    Status and date stand twice: in MADR 4.0's YAML front matter, and as the `- Status:` /
    `- Date:` list after the title that log4brains reads (it takes the first list before the
    first `##` heading). log4brains, like GitHub's comments, renders the front matter as
    Markdown, where `date: ...` straight above the closing `---` would be a setext heading and
    hide the list: so a blank line comes before that `---` (YAML does not mind). The comment
    leaves the front matter out (`front_matter=False`): it is a file's metadata, and a comment
    would show it as text.
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = UNKNOWN_DATE
    front = ["---", f"status: {status}", f"date: {date}", "", "---", ""] if front_matter else []
    return [*front, f"# {title}", "", f"- Status: {status}", f"- Date: {date}", ""]


def _front(document: Document, title: str) -> list[str]:
    return record_head(title, _date(document))


def _repo_name(document: Document) -> str:
    path = str((document.get("repo") or {}).get("path") or "")
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or "this codebase"


def _percent(value: Any) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.0f} %"


def _number(value: Any, digits: int = 2) -> str:
    return "n/a" if value is None else f"{float(value):.{digits}f}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _day(value: Any) -> str:
    """The date part of a timestamp, escaped unless it is a plain YYYY-MM-DD."""
    text = str(value or "")[:10]
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else escape_md(text)


def _bullets(items: Iterable[str], empty: str = "None.") -> list[str]:
    lines = [f"* {item}" for item in items]
    return lines or [empty]


def _section(heading: str, body: Sequence[str]) -> list[str]:
    return [heading, "", *body, ""]


def _crossings(document: Document, boundary_id: str) -> list[Mapping[str, Any]]:
    return [c for c in document.get("cross_boundary") or []
            if boundary_id in (c.get("source"), c.get("target"))]


def _plan_step(document: Document, boundary_id: str) -> Mapping[str, Any]:
    for step in document.get("extraction_plan") or []:
        if step.get("boundary") == boundary_id:
            return step
    return {"incoming": [], "outgoing": [], "cost": None, "cochange": 0.0}


def _names(document: Document) -> dict[str, str]:
    return {str(b["id"]): str(b["name"]) for b in document.get("boundaries") or []}


def _cut_line(item: Mapping[str, Any]) -> str:
    lines = ", ".join(str(n) for n in item.get("lines") or []) or "?"
    return (f"{code_span(item.get('path') or item.get('importer'))} line {escape_md(lines)}: "
            f"{code_span(item.get('importer'))} imports {code_span(item.get('imported'))}")


def _cut_lines(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """The imports to cut, one line per importing module: a root URLconf that includes twenty
    apps is one line naming the twenty, not twenty lines."""
    by_importer: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for item in items:
        key = (str(item.get("path") or item.get("importer")), str(item.get("importer")))
        by_importer.setdefault(key, []).append(item)
    out = []
    for (path, importer), group in by_importer.items():
        if len(group) == 1:
            out.append(_cut_line(group[0]))
            continue
        targets = ", ".join(
            f"{code_span(i.get('imported'))} (line "
            f"{escape_md(', '.join(str(n) for n in i.get('lines') or []) or '?')})"
            for i in group)
        out.append(f"{code_span(path)}: {code_span(importer)} imports {targets}")
    return out
