"""What a change does to the architecture: two analysis documents -> findings (pure).

The base analysis's proposal is the reference partition; the head's modules are classified
with it (`analyzer.review.crossing`), so a finding never comes from the clustering moving about.
Findings are plain JSON-ready values; `analyzer.review.comment` turns them into text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from analyzer.boundaries.whatif import rescore, scenario_from_document
from analyzer.code.cycles import find_cycles
from analyzer.review.crossing import (
    UNASSIGNED,
    assignment_of,
    boundary_edges,
    boundary_kinds,
    boundary_names,
    crossing_imports,
    extend_assignment,
)

#: The rules `--fail-on` accepts, with what each one flags.
RULES = {
    "new-cross-boundary-import": "an import the change adds that crosses a boundary",
    "new-cycle": "a dependency cycle between boundaries that the base did not have",
    "hotspot-touched": "the change touches one of the top hotspots",
}
_METRICS = ("modularity", "icp_imports", "icp_cochange")


def diff(base: Mapping[str, Any], head: Mapping[str, Any], touched: Iterable[str],
         adrs: Sequence[tuple[str, str]] = (), *, min_share: float = 0.5,
         top_hotspots: int = 10) -> dict[str, Any]:
    """Findings for a change from `base` to `head` touching the files `touched`.

    `adrs` are (path, text) of the decision records in the repository; `min_share` is the
    smallest share of past changes of a touched file that also changed an untouched one.
    """
    touched = sorted(set(touched))
    kinds = {**boundary_kinds(base), UNASSIGNED: UNASSIGNED}
    names = {**boundary_names(base), UNASSIGNED: UNASSIGNED}
    before = assignment_of(base)
    head_modules = [m["name"] for m in head.get("modules", [])]
    head_edges = [(e["importer"], e["imported"]) for e in head.get("imports", [])]
    after = extend_assignment(before, head_modules, head_edges)
    old_cross = crossing_imports(base, before, kinds)
    new_cross = crossing_imports(head, after, kinds)
    modules = _touched_modules(base, head, touched, before, after)
    return {
        "touched_files": touched,
        "touched_modules": modules,
        "boundaries": {b: names[b] for b in sorted({m["boundary"] for m in modules} |
                                                 _ids(old_cross, new_cross))},
        "new_imports": [new_cross[k] for k in new_cross if k not in old_cross],
        "removed_imports": [old_cross[k] for k in old_cross if k not in new_cross],
        "unassigned": sorted(m for m, b in after.items() if b == UNASSIGNED),
        "new_cycles": _new_cycles(boundary_edges(base, before), boundary_edges(head, after)),
        "metrics": {"crossing_imports": _change(len(old_cross), len(new_cross)),
                    **_metrics(base, head, before, after)},
        "hotspots": _hotspots(base, touched, top_hotspots),
        "cochange": _cochange(base, touched, min_share),
        "adrs": _adrs(adrs, modules, names),
    }


def violations(findings: Mapping[str, Any], rules: Iterable[str]) -> dict[str, int]:
    """Rule -> number of findings breaking it, for the rules asked for (zero ones left out)."""
    counts = {
        "new-cross-boundary-import": len(findings["new_imports"]),
        "new-cycle": len(findings["new_cycles"]),
        "hotspot-touched": len(findings["hotspots"]),
    }
    return {rule: counts[rule] for rule in sorted(set(rules)) if counts.get(rule)}


def parse_rules(text: str | None) -> tuple[str, ...]:
    """`a,b` -> ("a", "b"); ValueError naming the unknown rules and the known ones."""
    rules = tuple(sorted({r.strip() for r in (text or "").split(",") if r.strip()}))
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise ValueError(f"unknown rule {', '.join(repr(r) for r in unknown)}; "
                         f"known rules: {', '.join(sorted(RULES))}")
    return rules


def _ids(*crossings: Mapping[Any, Mapping[str, Any]]) -> set[str]:
    return {item[side] for found in crossings for item in found.values()
            for side in ("source", "target")}


def _touched_modules(base: Mapping[str, Any], head: Mapping[str, Any], touched: list[str],
                     before: Mapping[str, str], after: Mapping[str, str]) -> list[dict]:
    wanted = set(touched)
    found: dict[str, dict[str, Any]] = {}
    for document, assignment, state in ((base, before, "removed"), (head, after, "changed")):
        for module in document.get("modules", []):
            if module.get("path") in wanted:
                found[module["name"]] = {"module": module["name"], "path": module["path"],
                                         "boundary": assignment.get(module["name"], UNASSIGNED),
                                         "state": state}
    base_names = {m["name"] for m in base.get("modules", [])}
    for name, item in found.items():
        if item["state"] == "changed" and name not in base_names:
            item["state"] = "added"
    return [found[name] for name in sorted(found)]


def _new_cycles(old: set[tuple[str, str]], new: set[tuple[str, str]]) -> list[dict]:
    """Boundary cycles at head that no cycle of the base contains."""
    before = [set(group) for group in find_cycles(old)]
    result = []
    for group in find_cycles(new):
        if any(set(group) <= known for known in before):
            continue
        members = set(group)
        added = sorted((a, b) for a, b in new - old if a in members and b in members)
        result.append({"boundaries": list(group), "new_dependencies": [list(e) for e in added]})
    return result


def _metrics(base: Mapping[str, Any], head: Mapping[str, Any], before: Mapping[str, str],
             after: Mapping[str, str]) -> dict[str, Any]:
    """Partition metrics of base and head under the same (base) assignment, and counts.

    Both sides use the base's co-change (the history up to the base), so only the imports
    differ: the change's own commits do not move the figures.
    """
    result: dict[str, Any] = {}
    if base.get("boundaries") and head.get("modules"):
        old = rescore(scenario_from_document(base), before)
        present = set(after)
        cochange = [row for row in base.get("cochange_signal") or []
                    if row[0] in present and row[1] in present]
        new = rescore(scenario_from_document({**head, "cochange_signal": cochange,
                                              "boundary_options": base.get("boundary_options")}),
                      after)
        for key in _METRICS:
            was, now = old["metrics"].get(key), new["metrics"].get(key)
            if was is not None and now is not None:
                result[key] = _change(round(was, 4), round(now, 4))
    for key in ("modules", "imports", "cycles"):
        was, now = base.get("summary", {}).get(key), head.get("summary", {}).get(key)
        if was is not None and now is not None:
            result[key] = _change(was, now)
    return result


def _change(was: float, now: float) -> dict[str, float]:
    return {"base": was, "head": now, "change": round(now - was, 4)}


def _hotspots(base: Mapping[str, Any], touched: list[str], top: int) -> list[dict]:
    wanted = set(touched)
    return [{k: h.get(k) for k in ("path", "module", "rank", "revisions", "complexity", "score")}
            for h in base.get("hotspots", []) if h.get("path") in wanted
            and (h.get("rank") or top + 1) <= top]


#: At most this many co-change partners per touched file, the strongest first.
PARTNERS_PER_FILE = 3


def _cochange(base: Mapping[str, Any], touched: list[str], min_share: float) -> list[dict]:
    """Untouched analysed files that changed in at least `min_share` of a touched file's past
    changes: at most PARTNERS_PER_FILE per touched file, each with its boundary."""
    wanted = set(touched)
    boundary = {m["path"]: m.get("boundary") for m in base.get("modules", [])}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for pair in base.get("coupling", []):
        for mine, other, revisions in ((pair["a"], pair["b"], pair.get("revisions_a")),
                                       (pair["b"], pair["a"], pair.get("revisions_b"))):
            if mine not in wanted or other in wanted or not revisions or other not in boundary:
                continue
            share = pair["shared"] / revisions
            if share >= min_share:
                found[mine, other] = {"touched": mine, "other": other, "shared": pair["shared"],
                                      "revisions": revisions, "share": round(share, 4),
                                      "boundary": boundary[other]}
    ranked = sorted(found.values(), key=lambda f: (-f["share"], f["touched"], f["other"]))
    taken: Counter[str] = Counter()
    kept = []
    for item in ranked:
        if taken[item["touched"]] < PARTNERS_PER_FILE:
            taken[item["touched"]] += 1
            kept.append(item)
    return kept


def _adrs(records: Sequence[tuple[str, str]], modules: list[dict],
          names: Mapping[str, str]) -> list[dict]:
    """Records naming a touched module or the boundary it belongs to."""
    terms = {m["module"] for m in modules}
    terms |= {names[m["boundary"]] for m in modules
              if m["boundary"] in names and m["boundary"] != UNASSIGNED}
    result = []
    for path, text in sorted(records):
        matched = sorted(t for t in terms if _mentions(text, t) or _mentions(path, t))
        if matched:
            result.append({"path": path, "title": _title(text, path), "mentions": matched})
    return result


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(term)}(?![\w-]|\.\w)", text) is not None


def _title(text: str, path: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.rsplit("/", 1)[-1]
