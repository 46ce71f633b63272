"""An analysis document -> architecture decision records in the MADR 4.0 format (pure).

One overview record ("Decompose <repo> into N candidate services") and one "Extract <name>"
record per candidate service boundary, each with status `proposed` and the date of the
analysis, so the same analysis always gives the same text. Every piece of text taken from the
analysed repository goes through `escape_md` or `code_span`: it cannot become markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from analyzer.decisions.contracts import KERNEL, boundary_contracts
from analyzer.output.markdown import code_block, code_span, escape_md, one_line

__all__ = ["OVERVIEW_SLUG", "Record", "escape_md", "extract_slug", "render_records", "slugify"]

OVERVIEW_SLUG = "decompose-into-services"
KEEP, MODULAR, EXTRACT = (
    "Keep the monolith",
    "Modular monolith with enforced boundaries",
    "Extract services in the planned order",
)
# Newman & Girvan (2004): modularity above about 0.3 indicates real community structure.
STRONG_MODULARITY = 0.3
STABLE = 0.8

Document = Mapping[str, Any]


class Record(NamedTuple):
    """One decision record: file slug (no number), plain-text title, Markdown text."""

    slug: str
    title: str
    text: str


def slugify(text: str, fallback: str = "boundary") -> str:
    """Lower-case ASCII words joined by '-', for a file name; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def extract_slug(boundary: Mapping[str, Any]) -> str:
    """The slug of a boundary's "Extract" record: extract-<name>."""
    return "extract-" + slugify(str(boundary["name"]), fallback=slugify(str(boundary["id"])))


def render_records(document: Document) -> list[Record]:
    """The overview record first, then one record per service boundary in extraction order."""
    services = _services(document)
    records = [_overview(document, services)]
    used = {OVERVIEW_SLUG}
    for boundary in services:
        slug = extract_slug(boundary)
        if slug in used:
            slug = f"{slug}-{slugify(str(boundary['id']))}"
        used.add(slug)
        records.append(_extract(document, boundary, slug))
    return records


# -- shared pieces ---------------------------------------------------------------------------


def _services(document: Document) -> list[Mapping[str, Any]]:
    services = [b for b in document.get("boundaries") or [] if b.get("kind") == "service"]
    return sorted(services, key=lambda b: (b.get("extraction_order") or 10**9, str(b["id"])))


def _date(document: Document) -> str:
    stamp = str(document.get("generated_at") or "")
    return stamp[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp[:10]) else "1970-01-01"


def _front(document: Document, title: str) -> list[str]:
    return ["---", "status: proposed", f"date: {_date(document)}", "---", "", f"# {title}", ""]


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


# -- overview --------------------------------------------------------------------------------


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
    ])


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


# -- one record per service boundary ---------------------------------------------------------


def _extract(document: Document, boundary: Mapping[str, Any], slug: str) -> Record:
    name = str(boundary["name"])
    title = one_line(f"Extract {name}")
    step = _plan_step(document, boundary["id"])
    cuts = [*(step.get("incoming") or []), *(step.get("outgoing") or [])]
    lines = _front(document, escape_md(title))
    lines += _section("## Context and Problem Statement", _extract_context(document, boundary,
                                                                           step))
    lines += _section("## Decision Drivers", _extract_drivers(document, boundary, step))
    options = [f"Extract {escape_md(name)} as a service",
               f"Keep {escape_md(name)} in the monolith behind an enforced boundary",
               f"Merge {escape_md(name)} into its closest neighbour"]
    lines += _section("## Considered Options", _bullets(options))
    lines += _section("## Decision Outcome", [
        f'Chosen option: "{options[0]}", because its modules change together and the '
        f"analysis proposes it as extraction step {boundary.get('extraction_order') or '-'} "
        f"with a stability of {_number(boundary.get('stability'))}; "
        f"{_count(len(cuts), 'import')} to cut first.",
    ])
    lines += _section("### Consequences", _extract_consequences(document, boundary, step))
    lines += _section("### Confirmation", _confirmation(document, boundary, slug, len(cuts)))
    lines += _section("## Pros and Cons of the Options", _extract_options(document, boundary,
                                                                         options, len(cuts)))
    lines += _section("## More Information", _extract_more(document, boundary, cuts))
    return Record(slug, title, "\n".join(lines).rstrip() + "\n")


def _extract_context(document: Document, boundary: Mapping[str, Any],
                     step: Mapping[str, Any]) -> list[str]:
    modules = boundary.get("modules") or []
    return [
        f"The candidate boundary {escape_md(boundary['name'])} ({escape_md(boundary['id'])}) "
        f"holds {len(modules)} modules ({boundary.get('loc', 0)} lines of code). "
        f"Its extraction cost is {_number(step.get('cost'))}: "
        f"{_count(len(step.get('incoming') or []), 'import')} into it from other boundaries, "
        f"{_count(len(step.get('outgoing') or []), 'import')} from it into other boundaries "
        f"(the shared kernel not counted) and co-change {_number(step.get('cochange'))} "
        "across its edge.",
        "",
        f"Should {escape_md(boundary['name'])} become a service of its own?",
    ]


def _confidence(document: Document, boundary: Mapping[str, Any]) -> tuple[float | None, list]:
    members = set(boundary.get("modules") or [])
    scores = {m["name"]: m.get("confidence") for m in document.get("modules") or []
              if m.get("name") in members and m.get("confidence") is not None}
    mean = sum(scores.values()) / len(scores) if scores else None
    shaky = sorted((m, c) for m, c in scores.items() if c < STABLE)
    return mean, shaky


def _extract_drivers(document: Document, boundary: Mapping[str, Any],
                     step: Mapping[str, Any]) -> list[str]:
    metrics = boundary.get("metrics") or {}
    mean, shaky = _confidence(document, boundary)
    owners = boundary.get("owners") or []
    owner = (f"{escape_md(owners[0]['author'])} made {_percent(owners[0].get('share'))} of "
             "the changes" if owners else "no history")
    return _bullets([
        f"Cohesion: {metrics.get('internal_imports', 0)} imports inside, "
        f"{metrics.get('external_imports', 0)} across its edge "
        f"({_percent(metrics.get('icp_imports'))} of its import weight crosses; "
        f"{_percent(metrics.get('icp_cochange'))} of its co-change weight).",
        f"Confidence: stability {_number(boundary.get('stability'))}; mean module confidence "
        f"{_number(mean)}; {len(shaky)} modules below {STABLE}.",
        f"Cost: {len(step.get('incoming') or [])} incoming and "
        f"{len(step.get('outgoing') or [])} outgoing imports to cut.",
        f"Ownership: {owner}.",
    ])


def _extract_consequences(document: Document, boundary: Mapping[str, Any],
                          step: Mapping[str, Any]) -> list[str]:
    hidden = [h for c in _crossings(document, boundary["id"]) for h in c.get("hidden") or []]
    hot = boundary.get("hotspots") or []
    items = [
        "Good, because the boundary can be owned, tested and deployed on its own.",
        f"Bad, because {_count(len(step.get('incoming') or []), 'import')} into it become API "
        f"calls or events, and {_count(len(step.get('outgoing') or []), 'import')} out of it "
        "become calls to other services.",
    ]
    if hidden:
        items.append(f"Bad, because of hidden couplings across its edge ({len(hidden)}): files "
                     "that change together without importing each other (shared data or rules).")
    if hot:
        items.append(f"Neutral, because it holds {_count(len(hot), 'hotspot')}; they move with it.")
    return _bullets(items)


def _confirmation(document: Document, boundary: Mapping[str, Any], slug: str,
                  cuts: int) -> list[str]:
    contracts = boundary_contracts(document, boundary["id"], slug)
    if not contracts:
        return ["Nothing lies outside this boundary but the shared kernel; no contract is "
                "needed."]
    return [
        "Two import-linter `forbidden` contracts enforce the boundary: this boundary imports "
        "nothing outside itself and the shared kernel, and nothing outside it and the kernel "
        "imports it. They check direct imports only and each module as itself, so while the "
        f"cuts are pending `lint-imports` fails listing exactly the {_count(cuts, 'import')} under "
        "\"Imports to cut\", and it passes once they are gone. The shared kernel stays "
        "importable from both sides (it is shared or copied, not cut).",
        "",
        code_block(contracts, "toml").rstrip("\n"),
        "",
        "Between extractions, `faultline check --baseline <file>` fails a change that adds an "
        "import across this boundary beyond those recorded in the baseline.",
    ]


def _neighbour(document: Document, boundary: Mapping[str, Any]) -> str | None:
    weight: dict[str, float] = {}
    for c in _crossings(document, boundary["id"]):
        other = c["target"] if c.get("source") == boundary["id"] else c["source"]
        if other == KERNEL or other == "isolated":
            continue
        weight[other] = weight.get(other, 0.0) + int(c.get("imports") or 0) + float(
            c.get("cochange") or 0)
    if not weight:
        return None
    return max(sorted(weight), key=lambda b: weight[b])


def _extract_options(document: Document, boundary: Mapping[str, Any], options: Sequence[str],
                     cuts: int) -> list[str]:
    neighbour = _neighbour(document, boundary)
    names = _names(document)
    merge = (f"* Good, because most of its crossing ties go to "
             f"{escape_md(names.get(neighbour, neighbour))}." if neighbour else
             "* Neutral, because no other service is tied to it.")
    return [
        f"### {options[0]}", "",
        "* Good, because its modules change together and mostly with each other.",
        f"* Bad, because {_count(cuts, 'import')} must be cut first.", "",
        f"### {options[1]}", "",
        "* Good, because the contracts below can be enforced now, without a network boundary.",
        "* Bad, because it still ships and scales with the rest of the monolith.", "",
        f"### {options[2]}", "",
        merge,
        "* Bad, because it gives a larger service with two reasons to change.",
    ]


def _extract_more(document: Document, boundary: Mapping[str, Any],
                  cuts: Sequence[Mapping[str, Any]]) -> list[str]:
    names = _names(document)
    hotspots = {h.get("path"): h for h in document.get("hotspots") or []}
    interface = boundary.get("interface") or []
    cochange, hidden = [], []
    for c in _crossings(document, boundary["id"]):
        other = c["target"] if c.get("source") == boundary["id"] else c["source"]
        label = escape_md(names.get(other, other))
        if float(c.get("cochange") or 0) > 0:
            cochange.append(f"with {label}: {_number(c.get('cochange'))}")
        hidden += [f"{code_span(h.get('a'))} and {code_span(h.get('b'))} ({label}): "
                   f"{h.get('shared', 0)} shared commits, degree {_percent(h.get('degree'))}"
                   for h in c.get("hidden") or []]
    hot = [f"{code_span(p)}" + (f": rank {hotspots[p].get('rank')}, score "
                                f"{_number(hotspots[p].get('score'))}" if p in hotspots else "")
           for p in boundary.get("hotspots") or []]
    owners = [f"{escape_md(o.get('author'))}: {_percent(o.get('share'))}"
              for o in boundary.get("owners") or []]
    _mean, shaky = _confidence(document, boundary)
    return [
        "### Modules", "", *_bullets(code_span(m) for m in boundary.get("modules") or []), "",
        "### Interface (imported from outside)", "", *_bullets(code_span(m) for m in interface),
        "",
        "### Imports to cut", "", *_bullets(_cut_line(c) for c in cuts), "",
        "### Co-change across the edge", "", *_bullets(cochange), "",
        "### Hidden couplings", "", *_bullets(hidden), "",
        "### Hotspots inside", "", *_bullets(hot), "",
        "### Owners", "", *_bullets(owners), "",
        "### Modules with low confidence", "",
        *_bullets(f"{code_span(m)}: {_number(c)}" for m, c in shaky), "",
        f"Generated by Faultline from the analysis of {_day(document.get('generated_at'))}.",
    ]
