"""The decision record a pull request's new boundary dependencies call for, drafted for its
comment (pure).

A dependency is new when the change adds an import from one boundary into another that the
base analysis had no import for in that direction (its `cross_boundary`); more imports along
a dependency the base already has call for no new decision. The draft begins like every
record `faultline adr` writes (`record_head`: the title, then the `- Status:` / `- Date:`
list log4brains reads) and uses MADR 4.0's headings. Text from the analysed repository is
escaped, or a code span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analyzer.decisions.prose import _bullets, _section, record_head
from analyzer.output.markdown import code_span, escape_md, one_line


def base_dependencies(document: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(source, target) of every pair of boundaries where the source imports the target, in
    an analysis document (co-change alone makes no dependency)."""
    return {(str(c["source"]), str(c["target"])) for c in document.get("cross_boundary") or []
            if c.get("imports")}


def new_dependencies(findings: Mapping[str, Any],
                     known: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The (source, target) pairs the change's crossing imports join that `known` (the base's
    `base_dependencies`) does not hold, sorted."""
    return sorted({(i["source"], i["target"]) for i in findings.get("new_imports") or []}
                  - set(known))


def draft_title(findings: Mapping[str, Any], known: Iterable[tuple[str, str]] = ()) -> str:
    """Plain text: "<source> depends on <target>" for each pair of boundaries newly joined."""
    names = findings.get("boundaries") or {}
    return one_line("; ".join(f"{names.get(s, s)} depends on {names.get(t, t)}"
                              for s, t in new_dependencies(findings, known)))


def render_draft(findings: Mapping[str, Any], date: str,
                 known: Iterable[tuple[str, str]] = ()) -> str:
    """The draft as Markdown, for the pull-request comment (a comment is no file, so the YAML
    front matter is left out); "" when the change joins no pair of boundaries that `known`
    (the base's dependencies, `base_dependencies`) does not hold already."""
    had = set(known)
    joined = set(new_dependencies(findings, had))
    items = [i for i in findings.get("new_imports") or []
             if (i["source"], i["target"]) in joined]
    if not items:
        return ""
    cuts = [f"{code_span(i['importer'])} imports {code_span(i['imported'])} "
            f"({escape_md(i.get('path') or '?')} line "
            f"{', '.join(str(n) for n in i.get('lines') or []) or '?'})" for i in items]
    lines = record_head(escape_md(draft_title(findings, had)), date, front_matter=False)
    lines += _section("## Context and Problem Statement", [
        "This change adds imports between boundaries Faultline proposes that did not depend "
        "on each other in this direction before:", "",
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
