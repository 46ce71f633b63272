"""Findings of `analyzer.review.diff` -> a pull-request comment, JSON or SARIF 2.1.0 (pure).

Every text that comes from the analysed repository (paths, module and boundary names, ADR
titles) goes through `analyzer.output.markdown.escape_md`, so a file named `[x](javascript:...)`
or `<script>` shows as plain text. The comment starts with `MARKER`, which a bot looks for to
update it in place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from analyzer._version import __version__
from analyzer.output.markdown import code_block, escape_md
from analyzer.review.diff import RULES

__all__ = ["MARKER", "escape_md", "render_draft", "to_json", "to_markdown", "to_sarif"]

MARKER = "<!-- faultline-pr -->"
_LIMIT = 40  # items shown per list in the comment
_METRIC_NAMES = {
    "crossing_imports": "imports crossing a boundary (into the shared kernel not counted)",
    "modularity": "modularity",
    "icp_imports": "share of imports crossing boundaries (ICP; lower is better)",
    "icp_cochange": "share of co-change crossing boundaries (ICP; lower is better)",
    "modules": "modules",
    "imports": "imports",
    "cycles": "module import cycles",
}


def to_json(findings: Mapping[str, Any], context: Mapping[str, Any]) -> str:
    """Findings and the compared commits as sorted, indented JSON."""
    return json.dumps({"tool": {"name": "faultline", "version": __version__},
                       **context, "findings": findings}, indent=2, sort_keys=True) + "\n"


def to_sarif(findings: Mapping[str, Any], prefix: str = "") -> str:
    """SARIF 2.1.0: one result per new cross-boundary import, at its file and first line."""
    names = findings["boundaries"]
    results = []
    for item in findings["new_imports"]:
        text = (f"{item['importer']} ({_bname(item['source'], names)}) now imports "
                f"{item['imported']} ({_bname(item['target'], names)}), across a boundary.")
        location: dict[str, Any] = {"artifactLocation": {"uri": prefix + (item["path"] or ""),
                                                         "uriBaseId": "%SRCROOT%"}}
        if item["lines"]:
            location["region"] = {"startLine": item["lines"][0]}
        results.append({"ruleId": "new-cross-boundary-import", "level": "warning",
                        "message": {"text": text},
                        "locations": [{"physicalLocation": location}]})
    rules = [{"id": rule, "shortDescription": {"text": text}}
             for rule, text in sorted(RULES.items())]
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "faultline", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }, indent=2) + "\n"


def to_markdown(findings: Mapping[str, Any], context: Mapping[str, Any], *,
                prefix: str = "", link_base: str = "") -> str:
    """One pull-request comment; `MARKER` is its first line.

    `prefix` is the analysed folder inside the repository ("" or "sub/"); `link_base` is put
    before repository paths in links (e.g. a blob URL of the head commit), else they are
    relative.
    """
    names = findings["boundaries"]
    lines = [MARKER, "## Faultline: architecture check", ""]
    lines.append(f"Compared {escape_md(context.get('base', '')[:12])} (merge base) with "
                 f"{escape_md(context.get('head', '')[:12])}: "
                 f"{_count(len(findings['touched_files']), 'file')} and "
                 f"{_count(len(findings['touched_modules']), 'module')} changed.")
    sections = [
        _touched(findings["touched_modules"], names),
        _imports("New imports across boundaries", findings["new_imports"], names, prefix),
        _imports("Imports across boundaries removed", findings["removed_imports"], names,
                 prefix),
        _cycles(findings["new_cycles"], names),
        _unassigned(findings["unassigned"], findings["touched_modules"]),
        _hotspots(findings["hotspots"], prefix),
        _cochange(findings["cochange"], prefix, names),
        _adrs(findings["adrs"], link_base),
        _metrics(findings["metrics"]),
        _draft(findings, names),
    ]
    body = [s for s in sections if s]
    if not findings["new_imports"] and not findings["new_cycles"]:
        lines += ["", "No new dependency across a boundary."]
    for section in body:
        lines += ["", *section]
    return "\n".join(lines) + "\n"


def render_draft(findings: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A short MADR-style decision record about the new crossing imports."""
    pairs = sorted({(i["source"], i["target"]) for i in findings["new_imports"]})
    title = "; ".join(f"{escape_md(names.get(s, s))} depends on {escape_md(names.get(t, t))}"
                      for s, t in pairs)
    lines = [f"# {title}", "", "* Status: proposed", "", "## Context and problem statement", "",
             "This change adds imports across the boundaries Faultline proposes:", ""]
    for item in findings["new_imports"]:
        lines.append(f"* {escape_md(item['importer'])} imports {escape_md(item['imported'])}"
                     f" (line {', '.join(str(n) for n in item['lines']) or '?'})")
    lines += ["", "## Considered options", "",
              "* Accept the dependency and record why the boundaries may couple here.",
              "* Move the code so that the import stays inside one boundary.",
              "* Go through the target's interface or an event instead of a direct import.",
              "", "## Decision outcome", "", "Chosen option: (to be filled in), because ...",
              "", "## Consequences", "",
              "* The boundaries above can no longer be extracted without this dependency."]
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _bname(boundary: str, names: Mapping[str, str]) -> str:
    name = names.get(boundary, boundary)
    return boundary if name == boundary else f"{boundary} {name}"


def _where(item: Mapping[str, Any], prefix: str) -> str:
    path = escape_md(prefix + (item.get("path") or "?"))
    lines = item.get("lines") or []
    if not lines:
        return path
    return f"{path} line{'s' if len(lines) > 1 else ''} {', '.join(str(n) for n in lines)}"


def _capped(rows: Sequence[str], total: int) -> list[str]:
    shown = list(rows[:_LIMIT])
    if total > _LIMIT:
        shown.append(f"- ... and {total - _LIMIT} more (see the JSON output)")
    return shown


def _imports(title: str, items: Sequence[Mapping[str, Any]], names: Mapping[str, str],
             prefix: str) -> list[str]:
    if not items:
        return []
    rows = [f"- {_where(i, prefix)}: {escape_md(i['importer'])} "
            f"(**{escape_md(_bname(i['source'], names))}**) imports "
            f"{escape_md(i['imported'])} (**{escape_md(_bname(i['target'], names))}**)"
            for i in items]
    return [f"### {title} ({len(items)})", "", *_capped(rows, len(rows))]


def _cycles(cycles: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    if not cycles:
        return []
    rows = []
    for cycle in cycles:
        members = ", ".join(escape_md(_bname(b, names)) for b in cycle["boundaries"])
        added = "; ".join(f"{escape_md(a)} -> {escape_md(b)}"
                          for a, b in cycle["new_dependencies"])
        rows.append(f"- {members}" + (f" (new: {added})" if added else ""))
    return [f"### New cycles between boundaries ({len(cycles)})", "", *_capped(rows, len(rows))]


def _touched(modules: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    by_boundary: dict[str, list[str]] = {}
    for module in modules:
        by_boundary.setdefault(module["boundary"], []).append(
            f"{escape_md(module['module'])}" + ("" if module["state"] == "changed"
                                                else f" ({module['state']})"))
    rows = [f"- **{escape_md(_bname(b, names))}**: {', '.join(found)}"
            for b, found in sorted(by_boundary.items())]
    return ["### Boundaries touched", "", *_capped(rows, len(rows))] if rows else []


def _unassigned(modules: Sequence[str], touched: Sequence[Mapping[str, Any]]) -> list[str]:
    mine = sorted({m["module"] for m in touched} & set(modules))
    if not mine:
        return []
    rows = [f"- {escape_md(m)}" for m in mine]
    return ["### New modules with no boundary yet", "",
            "They import no module of a service boundary; place them by hand.", "",
            *_capped(rows, len(rows))]


def _hotspots(items: Sequence[Mapping[str, Any]], prefix: str) -> list[str]:
    if not items:
        return []
    rows = [f"- {escape_md(prefix + h['path'])}: hotspot #{h['rank']} ({h['revisions']} "
            f"changes, complexity {h['complexity']:g})" for h in items]
    return [f"### Hotspots touched ({len(items)})", "", *_capped(rows, len(rows))]


def _cochange(items: Sequence[Mapping[str, Any]], prefix: str,
              names: Mapping[str, str] | None = None) -> list[str]:
    """Co-change partners grouped by the boundary they lie in, strongest group first."""
    if not items:
        return []
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for c in items:
        groups.setdefault(str(c.get("boundary") or "unassigned"), []).append(c)
    rows = []
    for where, members in sorted(groups.items(), key=lambda g: (-g[1][0]["share"], g[0])):
        label = _bname(where, names or {})
        rows.append(f"- in {escape_md(label)}:")
        rows.extend(f"  - {escape_md(prefix + c['other'])} changed in "
                    f"{round(c['share'] * 100)} % of the changes to "
                    f"{escape_md(prefix + c['touched'])} ({c['shared']} of {c['revisions']})"
                    for c in members)
    return ["### Files that usually change with these", "", *_capped(rows, len(rows))]


def _adrs(items: Sequence[Mapping[str, Any]], link_base: str) -> list[str]:
    if not items:
        return []
    rows = [f"- [{escape_md(a['title'])}]({_link(link_base, a['path'])}) "
            f"(mentions {', '.join(escape_md(m) for m in a['mentions'])})" for a in items]
    return ["### Decision records for the touched modules", "", *_capped(rows, len(rows))]


def _link(base: str, path: str) -> str:
    """A link target that can only be `base` plus the percent-encoded repository path."""
    target = quote(path, safe="/")
    if not base:
        return target if not target.startswith("/") else "." + target
    return quote(base, safe="/:#?&=%") + target


def _metrics(metrics: Mapping[str, Mapping[str, Any]]) -> list[str]:
    rows = []
    for key, name in _METRIC_NAMES.items():
        value = metrics.get(key)
        if not value or value.get("base") is None or value.get("head") is None:
            continue
        change = value.get("change") or 0
        sign = "+" if change > 0 else ""
        rows.append(f"- {name}: {value['base']:g} -> {value['head']:g} ({sign}{change:g})")
    return ["### Metrics (base boundaries applied to both commits)", "", *rows] if rows else []


def _draft(findings: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    if not findings["new_imports"]:
        return []
    block = code_block(render_draft(findings, names), "markdown").rstrip("\n")
    return ["<details><summary>ADR draft for the new dependency (commit it to keep the "
            "decision)</summary>", "", block, "", "</details>"]
