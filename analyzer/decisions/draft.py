"""The decision record a pull request's new crossing imports call for, drafted for its comment
(pure).

It begins like every record `faultline adr` writes (`record_head`: the title, then the
`- Status:` / `- Date:` list log4brains reads) and uses MADR 4.0's headings. Text from the
analysed repository is escaped, or a code span.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analyzer.decisions.prose import _bullets, _section, record_head
from analyzer.output.markdown import code_span, escape_md, one_line


def draft_title(findings: Mapping[str, Any]) -> str:
    """Plain text: "<source> depends on <target>" for each pair of boundaries newly joined."""
    names = findings.get("boundaries") or {}
    pairs = sorted({(i["source"], i["target"]) for i in findings.get("new_imports") or []})
    return one_line("; ".join(f"{names.get(s, s)} depends on {names.get(t, t)}"
                              for s, t in pairs))


def render_draft(findings: Mapping[str, Any], date: str) -> str:
    """The draft as Markdown, for the pull-request comment (a comment is no file, so the YAML
    front matter is left out); "" when the change adds no crossing import."""
    items = findings.get("new_imports") or []
    if not items:
        return ""
    cuts = [f"{code_span(i['importer'])} imports {code_span(i['imported'])} "
            f"({escape_md(i.get('path') or '?')} line "
            f"{', '.join(str(n) for n in i.get('lines') or []) or '?'})" for i in items]
    lines = record_head(escape_md(draft_title(findings)), date, front_matter=False)
    lines += _section("## Context and Problem Statement", [
        "This change adds imports across the boundaries Faultline proposes:", "",
        *_bullets(cuts)])
    lines += _section("## Considered Options", _bullets([
        "Accept the dependency and record why the boundaries may couple here",
        "Move the code so that the import stays inside one boundary",
        "Go through the target's interface or an event instead of a direct import"]))
    lines += _section("## Decision Outcome", ["Chosen option: (to be filled in), because ..."])
    lines += _section("### Consequences", _bullets([
        "Bad, because the boundaries above can no longer be extracted without this "
        "dependency."]))
    return "\n".join(lines).rstrip() + "\n"
