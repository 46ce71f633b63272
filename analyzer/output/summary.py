"""The short human summary `faultline analyze` prints (rich, on stdout)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from analyzer.output.terminal import escape  # rich markup + control characters


def print_summary(document: dict[str, Any], target: Path, console: Console | None = None) -> None:
    """Print what was analysed, the most depended-on modules, cycles and warnings."""
    console = console or Console(highlight=False, soft_wrap=True)
    summary = document["summary"]
    repo = document["repo"]
    head = (repo.get("head") or "")[:12] or "no git history"
    console.print(f"[bold]Faultline[/bold] {escape(repo['path'])} ({escape(head)})")
    console.print(
        f"  {summary['modules']} modules in {len(document['packages'])} package(s) "
        f"({escape(', '.join(document['packages']))}), {summary['imports']} internal imports, "
        f"{summary['external_packages']} third-party and {summary['stdlib_packages']} "
        f"standard-library packages used, {summary['cycles']} import cycle(s)"
    )
    kinds = summary.get("dependencies") or {}
    roots = ", ".join(document.get("source_roots") or ["."])
    console.print(f"  source roots: {escape(roots)}"
                  + (f"; other dependencies: {escape(_counts(kinds))}" if kinds else ""))
    left_out = summary.get("left_out") or {}
    if left_out and (document.get("settings") or {}).get("default_excludes", True):
        console.print(f"  left out by default: {escape(_counts(left_out))} Python files "
                      "(--no-default-excludes analyses them)")
    elif left_out:  # only migrations named so that no import can name them (0001_initial.py)
        console.print(f"  left out: {escape(_counts(left_out))} Python files whose names no "
                      "import can name")
    most_imported = sorted(document["modules"], key=lambda m: (-m["imports_in"], m["name"]))[:5]
    if most_imported and most_imported[0]["imports_in"]:
        table = Table(title="Most imported modules", title_justify="left", box=None)
        table.add_column("module")
        table.add_column("imported by", justify="right")
        table.add_column("loc", justify="right")
        for module in most_imported:
            table.add_row(escape(module["name"]), str(module["imports_in"]), str(module["loc"]))
        console.print(table)
    history = document.get("history", {})
    if history.get("read") and not history.get("commits_read"):
        console.print("  history: no commits to count (the warnings say why); imports only")
    elif history.get("read"):
        dropped = ", ".join(f"{k} {v}" for k, v in history["dropped"].items()) or "none"
        console.print(f"  history: {history['commits_used']} of {history['commits_read']} "
                      f"commits counted (dropped: {escape(dropped)})")
    hotspots = document.get("hotspots", [])[:5]
    if hotspots:
        table = Table(title="Top hotspots", title_justify="left", box=None)
        for column in ("rank", "file", "revisions", "complexity", "score"):
            table.add_column(column, justify="left" if column == "file" else "right")
        room = max(20, console.width - 40)
        for h in hotspots:
            table.add_row(str(h["rank"]), escape(_tail(h["path"], room)), str(h["revisions"]),
                          f"{h['complexity']:.0f}", f"{h['score']:.2f}")
        console.print(table)
    # Pairs of analysed modules first: a font or a template coupled to its neighbour is true,
    # but it is not what a reader of this summary is looking for.
    analysed = {m["path"] for m in document["modules"]}
    couplings = sorted(document.get("coupling", []),
                       key=lambda c: (not (c["a"] in analysed and c["b"] in analysed)))[:5]
    if couplings:
        table = Table(title="Strongest change coupling", title_justify="left", box=None)
        for column in ("file", "file", "shared", "degree", "hidden"):
            table.add_column(column, justify="left" if column == "file" else "right")
        room = max(20, (console.width - 30) // 2)
        for c in couplings:
            table.add_row(escape(_tail(c["a"], room)), escape(_tail(c["b"], room)),
                          str(c["shared"]),
                          f"{c['degree']:.0%}", "yes" if c["hidden"] else "")
        console.print(table)
    _print_boundaries(console, document)
    apart = document.get("apart_from_package") or []
    if apart:
        names = {b["id"]: b["name"] for b in document.get("boundaries") or []}
        def toward(a: dict[str, Any]) -> str:
            where = a.get("imports_toward") or a["boundary"]
            return names.get(where, where) + (" (by its own ties)" if "imports_toward" in a
                                              else "")

        shown = ", ".join(f"{a['module']} -> {toward(a)}" for a in apart[:3])
        more = f" and {len(apart) - 3} more" if len(apart) > 3 else ""
        console.print(f"  {len(apart)} module(s) sit apart from most of their package: "
                      f"{escape(shown)}{more}")
    _print_validation(console, document.get("validation"))
    for cycle in document["cycles"][:3]:
        shown = " -> ".join(cycle[:6]) + (" ..." if len(cycle) > 6 else "")
        console.print(f"  cycle of {len(cycle)}: {escape(shown)}")
    warnings = document["warnings"]
    if warnings:
        counts = Counter(w["code"] for w in warnings)
        listed = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
        console.print(f"  [yellow]{len(warnings)} warning(s)[/yellow]: {escape(listed)}")
        # Rare codes first (a real syntax error must not hide behind a hundred of one kind),
        # two examples of each, and how many more there are.
        shown = 0
        for code, n in sorted(counts.items(), key=lambda item: (item[1], item[0])):
            examples = [w for w in warnings if w["code"] == code][:2]
            for warning in examples:
                console.print(f"    {escape(warning['path'])}: {escape(warning['message'])}")
            shown += len(examples)
            if n > len(examples):
                console.print(f"    ... and {n - len(examples)} more {escape(code)}")
        if shown < len(warnings):
            console.print("    (all of them are under \"warnings\" in analysis.json)")
    console.print(f"Wrote {escape(str(target))}")


def _tail(path: str, room: int) -> str:
    """`path` cut from the front to `room` characters: the end tells files apart."""
    return path if len(path) <= room else "…" + path[len(path) - room + 1:]


#: Boundaries listed in the summary, cheapest to extract first; the rest are counted.
SHOWN_BOUNDARIES = 15


def _print_boundaries(console: Console, document: dict[str, Any]) -> None:
    boundaries = document.get("boundaries") or []
    if not boundaries:
        return
    table = Table(title="Candidate boundaries (cheapest to extract first)", title_justify="left",
                  box=None)
    for column in ("order", "id", "name", "modules", "interface", "stability", "in", "out"):
        table.add_column(column, justify="left" if column in ("id", "name") else "right",
                         overflow="fold")
    plan = {step["boundary"]: step for step in document.get("extraction_plan", [])}
    ordered = sorted(boundaries, key=lambda b: (b["extraction_order"] or 10**6, b["id"]))
    for b in ordered[:SHOWN_BOUNDARIES]:
        step = plan.get(b["id"])
        table.add_row(
            str(b["extraction_order"] or "-"), escape(b["id"]), escape(b["name"]),
            str(b["size"]), str(len(b["interface"])),
            f"{b['stability']:.0%}" if b["stability"] is not None else "-",
            str(step["incoming_imports"]) if step else "-",
            str(step["outgoing_imports"]) if step else "-",
        )
    console.print(table)
    rest = ordered[SHOWN_BOUNDARIES:]
    if rest:
        console.print(f"  ... and {len(rest)} more boundaries ({sum(b['size'] for b in rest)} "
                      "modules): all of them are under \"boundaries\" in analysis.json")
    metrics = document.get("metrics") or {}
    counted = (document.get("history") or {}).get("commits_used")
    if metrics:
        cochange = f"{metrics.get('icp_cochange', 0):.0%}" if counted else "n/a (no history)"
        console.print(
            f"  modularity {metrics.get('modularity', 0):.2f}, crossing imports "
            f"{metrics.get('icp_imports', 0):.0%} "
            f"({metrics.get('icp_imports_services', 0):.0%} between services), crossing co-change "
            f"{cochange}, "
            f"{len(document.get('acyclic_cuts', []))} boundary dependencies to cut for no cycles"
        )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))


def _print_validation(console: Console, validation: dict[str, Any] | None) -> None:
    """The backtest in one line: had we split here then, how many changes since crossed."""
    rows = (validation or {}).get("partitions") or {}
    proposal = rows.get("proposal") or {}
    if proposal.get("share") is None:
        return
    cut = (validation or {}).get("cutoff") or {}
    others = "; ".join(f"{label} {rows[key]['share']:.0%} (lift {rows[key]['lift']:.2f})"
                       for key, label in (("package_tree", "package tree"), ("apps", "apps"))
                       if key in rows and rows[key].get("share") is not None
                       and rows[key].get("lift") is not None)
    lift = proposal.get("lift")
    console.print(
        f"  backtest: split as proposed on {escape(str(cut.get('date', ''))[:10])}, "
        f"{proposal['share']:.0%} of the {proposal.get('counted', 0)} changes since would have "
        f"crossed a service (lift {lift if lift is None else round(lift, 2)}); {others}")
