"""The overview record: "Decompose <repo> into N candidate services", the option chosen and
why, with the evidence (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analyzer.decisions.prose import (
    EXTRACT,
    KEEP,
    MODULAR,
    OVERVIEW_SLUG,
    STABLE,
    STRONG_MODULARITY,
    Document,
    Record,
    _bullets,
    _day,
    _front,
    _number,
    _percent,
    _repo_name,
    _section,
)
from analyzer.output.markdown import code_span, escape_md, one_line


def _choose(document: Document, services: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    metrics = document.get("metrics") or {}
    q = metrics.get("modularity")
    lowest = min((float(b.get("stability") or 0) for b in services), default=0.0)
    if len(services) < 2:
        return KEEP, (f"the analysis found {len(services)} candidate service boundary; there is "
                      "nothing to split along")
    if q is not None and float(q) >= STRONG_MODULARITY and lowest >= STABLE:
        return EXTRACT, (f"the boundaries separate the code well (modularity {_number(q)} >= "
                         f"{STRONG_MODULARITY}) and are stable (lowest {_number(lowest)} >= "
                         f"{STABLE}), so the cheapest extraction can start")
    return MODULAR, (f"the boundaries are not yet clean enough to pay for network calls "
                     f"(modularity {_number(q)}, threshold {STRONG_MODULARITY}; lowest stability "
                     f"{_number(lowest)}, threshold {STABLE}): enforce them inside one deployable "
                     "first and extract once the crossing imports are gone")


def _overview(document: Document, services: Sequence[Mapping[str, Any]]) -> Record:
    repo = _repo_name(document)
    count = len(services)
    title = one_line(f"Decompose {repo} into {count} candidate service"
                     f"{'s' if count != 1 else ''}")
    chosen, because = _choose(document, services)
    lines = _front(document, escape_md(title))
    lines += _section("## Context and Problem Statement", _overview_context(document, services))
    lines += _section("## Decision Drivers", _overview_drivers(document, services))
    lines += _section("## Considered Options", _bullets([KEEP, MODULAR, EXTRACT]))
    lines += _section("## Decision Outcome", [f'Chosen option: "{chosen}", because {because}.'])
    lines += _section("### Consequences", _overview_consequences(document, services, chosen))
    lines += _section("### Confirmation", [
        "Each \"Extract\" record carries import-linter contracts for its boundary; add them to "
        "the `[tool.importlinter]` configuration and run `lint-imports` in CI. "
        "`faultline check --baseline <file>` fails a change that adds an import across a "
        "boundary that the baseline does not already hold.",
    ])
    lines += _section("## Pros and Cons of the Options", _overview_options(document, services))
    lines += _section("## More Information", _overview_more(document, services))
    return Record(OVERVIEW_SLUG, title, "\n".join(lines).rstrip() + "\n")


def _overview_context(document: Document, services: Sequence[Mapping[str, Any]]) -> list[str]:
    repo = document.get("repo") or {}
    summary = document.get("summary") or {}
    history = document.get("history") or {}
    head = str(repo.get("head") or "")[:12] or "no commit"
    kernel = [b for b in document.get("boundaries") or [] if b.get("kind") == "kernel"]
    isolated = [b for b in document.get("boundaries") or [] if b.get("kind") == "isolated"]
    text = (f"Faultline analysed {code_span(_repo_name(document))} at commit "
            f"{code_span(head)}: {summary.get('modules', 0)} modules and "
            f"{summary.get('imports', 0)} internal imports")
    if history.get("read"):
        text += (f", {history.get('commits_used', 0)} commits from "
                 f"{_day(history.get('first'))} to {_day(history.get('last'))}")
    text += (f". It proposes {len(services)} candidate service boundaries, a shared kernel of "
             f"{sum(int(b.get('size') or 0) for b in kernel)} modules and "
             f"{sum(int(b.get('size') or 0) for b in isolated)} modules with no ties.")
    return [text, "", "Should this codebase be split into services, and if so, in which order?"]


def _overview_drivers(document: Document, services: Sequence[Mapping[str, Any]]) -> list[str]:
    metrics = document.get("metrics") or {}
    plan = document.get("extraction_plan") or []
    incoming = sum(int(s.get("incoming_imports") or 0) for s in plan)
    cochange = sum(float(c.get("cochange") or 0) for c in document.get("cross_boundary") or [])
    hidden = sum(len(c.get("hidden") or []) for c in document.get("cross_boundary") or [])
    stabilities = [float(b.get("stability") or 0) for b in services]
    mean = sum(stabilities) / len(stabilities) if stabilities else None
    return _bullets([
        f"Separation: modularity Q = {_number(metrics.get('modularity'))}; "
        f"{_percent(metrics.get('icp_imports'))} of import weight and "
        f"{_percent(metrics.get('icp_cochange'))} of co-change weight cross a boundary.",
        f"Stability: across {metrics.get('stability_runs') or 0} re-runs with other seeds, the "
        f"boundaries keep {_percent(mean)} of their modules on average.",
        f"Cost to cut: {incoming} imports into services from elsewhere would become API calls; "
        f"co-change across boundaries sums to {_number(cochange)}, with {hidden} hidden "
        "couplings (files that change together without importing each other).",
        "Ownership: who would own each service (see each record).",
        *_backtest_line(document),
    ])


def _backtest_line(document: Document) -> list[str]:
    """The backtest, when the analysis carries one: would this cut have held?"""
    validation = document.get("validation") or {}
    rows = validation.get("partitions") or {}
    proposal, tree = rows.get("proposal") or {}, rows.get("package_tree") or {}
    if proposal.get("share") is None:
        return []
    cut = validation.get("cutoff") or {}
    apps = rows.get("apps") or {}
    versus = (f"; the declared apps: {_percent(apps.get('share'))}, lift "
              f"{_number(apps.get('lift'))}" if apps.get("share") is not None else "")
    return [f"Backtest: proposed from the history up to {_day(cut.get('date'))}, "
            f"{_percent(proposal.get('share'))} of the {proposal.get('counted') or 0} later "
            f"changes would have crossed a service (lift over random partitions "
            f"{_number(proposal.get('lift'))}); the package tree: "
            f"{_percent(tree.get('share'))}, lift {_number(tree.get('lift'))}{versus}."]


def _overview_consequences(document: Document, services: Sequence[Mapping[str, Any]],
                           chosen: str) -> list[str]:
    if chosen == KEEP:
        return _bullets(["Good, because nothing has to be cut or deployed separately.",
                         "Bad, because the code has no enforced internal boundaries."])
    first = services[0] if services else None
    items = [
        "Good, because each boundary is enforced by a contract before any network call exists.",
        "Bad, because the crossing imports listed in each record must be replaced first.",
    ]
    if chosen == EXTRACT and first is not None:
        items.insert(0, f"Good, because the cheapest service, {escape_md(first['name'])}, "
                        "can be extracted first and the rest follow in order.")
        items.append("Bad, because every extracted service adds deployment and operations work.")
    return _bullets(items)


def _overview_options(document: Document, services: Sequence[Mapping[str, Any]]) -> list[str]:
    metrics = document.get("metrics") or {}
    return [
        f"### {KEEP}", "",
        "* Good, because it costs nothing now.",
        f"* Bad, because {_percent(metrics.get('icp_imports'))} of import weight already "
        "crosses the candidate boundaries and nothing stops it from growing.", "",
        f"### {MODULAR}", "",
        "* Good, because boundaries are enforced (import-linter) while calls stay in-process.",
        "* Good, because a wrong boundary is cheap to move.",
        "* Bad, because teams still share one deployable and one release cycle.", "",
        f"### {EXTRACT}", "",
        f"* Good, because teams can deploy their services on their own; {len(services)} "
        "candidates.",
        "* Bad, because each crossing import becomes a network call or an event.",
        "* Bad, because hidden couplings (shared data, shared rules) surface as distributed "
        "changes.",
    ]


def _overview_more(document: Document, services: Sequence[Mapping[str, Any]]) -> list[str]:
    plan = {s.get("boundary"): s for s in document.get("extraction_plan") or []}
    rows = ["| order | boundary | modules | stability | imports in | imports out | co-change "
            "| cost |", "|---|---|---|---|---|---|---|---|"]
    for b in services:
        step = plan.get(b["id"], {})
        rows.append(
            f"| {b.get('extraction_order') or '-'} | {escape_md(b['name'])} "
            f"({escape_md(b['id'])}) | {b.get('size', len(b.get('modules') or []))} | "
            f"{_number(b.get('stability'))} | {step.get('incoming_imports', 0)} | "
            f"{step.get('outgoing_imports', 0)} | {_number(step.get('cochange'))} | "
            f"{_number(step.get('cost'))} |")
    metrics = document.get("metrics") or {}
    figures = ", ".join(f"{key} {_number(metrics.get(key), 3)}"
                        for key in ("modularity", "sm", "icp_imports", "icp_cochange", "ifn",
                                    "ned", "rei"))
    tool = document.get("tool") or {}
    return [
        "Planned extraction order (cheapest first; cost = imports into the boundary from other "
        "services + co-change across its edge):", "", *rows, "",
        f"Partition figures: {figures}.", "",
        f"Generated by {escape_md(tool.get('name', 'faultline'))} "
        f"{escape_md(tool.get('version', ''))} from an analysis of "
        f"{_day(document.get('generated_at'))}; edit freely, Faultline never "
        "overwrites a record.",
    ]
