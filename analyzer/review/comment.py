"""Findings of `analyzer.review.diff` -> a pull-request comment, JSON or SARIF 2.1.0 (pure).

Every text that comes from the analysed repository (paths, module and boundary names, ADR
titles) goes through `analyzer.output.markdown.escape_md`, so a file named `[x](javascript:...)`
or `<script>` shows as plain text. The comment starts with `MARKER`, which a bot looks for to
update it in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from analyzer._version import __version__
from analyzer.model import ISOLATED, KERNEL
from analyzer.output.markdown import escape_md
from analyzer.review.diff import RULES, violations

__all__ = ["MARKER", "escape_md", "to_json", "to_markdown", "to_sarif"]

MARKER = "<!-- faultline-pr -->"
_LIMIT = 40  # items shown per list in the comment
_INLINE_LIMIT = 10  # names shown in one bullet (the touched modules of a boundary)
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


#: Rule -> (SARIF level when the rule is not in --fail-on, help text in Markdown).
_SARIF_RULES = {
    "new-cross-boundary-import": ("warning", (
        "The change adds an import from a module of one proposed boundary to a module of "
        "another (imports into the shared kernel do not count). Each such import must become "
        "an API call or an event before the boundaries can be extracted.\n\n"
        "To fix it, move the code so that the import stays inside one boundary, or go through "
        "the target boundary's interface. To accept a deliberate dependency, record the "
        "decision (the pull-request comment drafts one) and, where `faultline check` guards "
        "the boundaries, run `faultline baseline` again and commit the baseline.")),
    "new-cycle": ("warning", (
        "The boundaries now depend on each other in a cycle that the base did not have, so "
        "none of them can be extracted first. Remove one of the new dependencies the message "
        "lists, or merge the boundaries.")),
    "hotspot-touched": ("note", (
        "The change edits one of the top hotspots: files that change often and are complex, "
        "where defects gather. Review it with care, and consider splitting the file.")),
}


def to_sarif(findings: Mapping[str, Any], prefix: str = "", *, fail_on: Sequence[str] = (),
             context: Mapping[str, Any] | None = None) -> str:
    """SARIF 2.1.0 with one result kind per `--fail-on` rule: each new cross-boundary import
    at its file and first line, each new cycle between boundaries at an import that closes
    it, each touched hotspot at its file. Results of the rules in `fail_on` are errors.

    Every result has a `partialFingerprints` entry that does not depend on line numbers (the
    import, the cycle's boundaries, the file), so code scanning follows it across pushes; the
    invocation says whether the run broke a rule (`exitCode` 1, as `faultline pr` exits).
    """
    names = findings["boundaries"]
    failing = set(fail_on)
    rules = sorted(RULES)
    results = []

    def add(rule: str, text: str, key: str, locations: Sequence[dict[str, Any]]) -> None:
        level = "error" if rule in failing else _SARIF_RULES[rule][0]
        digest = hashlib.sha256(f"{rule}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()
        result: dict[str, Any] = {"ruleId": rule, "ruleIndex": rules.index(rule),
                                  "level": level, "message": {"text": text},
                                  "partialFingerprints": {"faultlineFinding/v1": digest[:32]}}
        if locations:
            result["locations"] = [locations[0]]
            if len(locations) > 1:
                result["relatedLocations"] = [{**loc, "id": n}
                                              for n, loc in enumerate(locations[1:], 1)]
        results.append(result)

    for item in findings["new_imports"]:
        add("new-cross-boundary-import",
            f"{item['importer']} ({_bname(item['source'], names)}) now imports "
            f"{item['imported']} ({_bname(item['target'], names)}), across a boundary.",
            f"{item['importer']} -> {item['imported']}", [_location(item, prefix)])
    for cycle in findings["new_cycles"]:
        members = ", ".join(_bname(b, names) for b in cycle["boundaries"])
        added = [tuple(pair) for pair in cycle["new_dependencies"]]
        closing = [i for i in findings["new_imports"] if (i["source"], i["target"]) in added]
        text = f"New dependency cycle between the boundaries {members}" + (
            "; new: " + ", ".join(f"{a} -> {b}" for a, b in added) if added else "") + "."
        add("new-cycle", text, ",".join(sorted(cycle["boundaries"])),
            [_location(i, prefix) for i in closing])
    for spot in findings["hotspots"]:
        add("hotspot-touched",
            f"{spot['path']} is hotspot #{spot['rank']} ({spot['revisions']} changes, "
            f"complexity {spot['complexity']:g}), and the change touches it.",
            str(spot["path"]), [_location({"path": spot["path"], "lines": []}, prefix)])
    driver_rules = [{
        "id": rule, "name": _camel(rule),
        "shortDescription": {"text": RULES[rule]},
        "fullDescription": {"text": _SARIF_RULES[rule][1].split("\n\n")[0]},
        "help": {"text": _SARIF_RULES[rule][1].replace("`", ""),
                 "markdown": _SARIF_RULES[rule][1]},
        "defaultConfiguration": {"level": "error" if rule in failing
                                 else _SARIF_RULES[rule][0]},
    } for rule in rules]
    broken = violations(findings, failing)
    invocation: dict[str, Any] = {
        "executionSuccessful": True, "exitCode": 1 if broken else 0,
        "properties": {"failOn": sorted(failing),
                       "broken": dict(sorted(broken.items()))}}
    context = context or {}
    for key in ("base", "head"):
        if context.get(key):
            invocation["properties"][key] = str(context[key])
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "faultline", "version": __version__,
                                      "rules": driver_rules}},
                  "invocations": [invocation],
                  "results": results}],
    }, indent=2) + "\n"


def _location(item: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": prefix + (item.get("path") or ""),
                                                     "uriBaseId": "%SRCROOT%"}}
    if item.get("lines"):
        physical["region"] = {"startLine": item["lines"][0]}
    return {"physicalLocation": physical}


def _camel(rule: str) -> str:
    head, *rest = rule.split("-")
    return head + "".join(part.title() for part in rest)


def to_markdown(findings: Mapping[str, Any], context: Mapping[str, Any], *,
                prefix: str = "", link_base: str = "", draft: str = "") -> str:
    """One pull-request comment; `MARKER` is its first line.

    `prefix` is the analysed folder inside the repository ("" or "sub/"); `link_base` is put
    before repository paths in links (e.g. a blob URL of the head commit), else they are
    relative. `draft` is the decision record the new crossing imports call for, Markdown made
    safe already (`analyzer.decisions.draft.render_draft`): it is shown rendered, folded.
    """
    names = findings["boundaries"]
    lines = [MARKER, "## Faultline: architecture check", ""]
    lines.append(f"Compared {escape_md(context.get('base', '')[:12])} (merge base) with "
                 f"{escape_md(context.get('head', '')[:12])}: "
                 f"{_count(len(findings['touched_files']), 'file')} and "
                 f"{_count(len(findings['touched_modules']), 'module')} changed. Boundaries "
                 "are those proposed at the merge base (ids and names may differ from a "
                 "`faultline analyze` of the head).")
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
        _draft(draft),
    ]
    body = [s for s in sections if s]
    if not findings["new_imports"] and not findings["new_cycles"]:
        lines += ["", "No new dependency across a boundary."]
    for section in body:
        lines += ["", *section]
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _bname(boundary: str, names: Mapping[str, str]) -> str:
    """"b01 order-cart" for a service; the fixed groups by their name alone when it holds the
    id ("shared kernel", not "kernel shared kernel"), else as "isolated (no ties)"."""
    name = names.get(boundary, boundary)
    if name == boundary:
        return boundary
    if boundary in (KERNEL, ISOLATED):
        return name if boundary in name.split() else f"{boundary} ({name})"
    return f"{boundary} {name}"


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


def _capped_inline(items: Sequence[str]) -> str:
    """The first `_INLINE_LIMIT` items joined with commas, and how many more there are."""
    shown = ", ".join(items[:_INLINE_LIMIT])
    if len(items) > _INLINE_LIMIT:
        shown += f" and {len(items) - _INLINE_LIMIT} more (see the JSON output)"
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
    for module in sorted(modules, key=lambda m: str(m["module"])):
        by_boundary.setdefault(module["boundary"], []).append(
            f"{escape_md(module['module'])}" + ("" if module["state"] == "changed"
                                                else f" ({module['state']})"))
    rows = [f"- **{escape_md(_bname(b, names))}**: {_capped_inline(found)}"
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


def _draft(draft: str) -> list[str]:
    if not draft.strip():
        return []
    return ["<details><summary>ADR draft for the new dependency (commit it to the decision "
            "records to keep the decision)</summary>", "", draft.rstrip("\n"), "",
            "</details>"]
