"""One "Extract <name>" record per candidate service: its modules, interface, the imports to
cut, co-change, hotspots, owners, confidence and the contracts that confirm it (pure)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from analyzer.decisions.contracts import (
    INLINE_LINES,
    KERNEL,
    boundary_contracts,
    boundary_cover,
)
from analyzer.decisions.prose import (
    STABLE,
    Document,
    Record,
    _bullets,
    _count,
    _crossings,
    _cut_lines,
    _day,
    _front,
    _names,
    _number,
    _percent,
    _plan_step,
    _section,
)
from analyzer.output.markdown import code_block, code_span, escape_md, one_line


def _extract(document: Document, boundary: Mapping[str, Any], slug: str,
             left_out: Collection[str] = ()) -> Record:
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
    lines += _section("### Confirmation", _confirmation(document, boundary, slug, len(cuts),
                                                        left_out))
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
                  cuts: int, left_out: Collection[str]) -> list[str]:
    contracts = boundary_contracts(document, boundary["id"], slug, left_out)
    if not contracts:
        return ["Nothing lies outside this boundary but the shared kernel; no contract is "
                "needed."]
    lines = [
        "Two import-linter `forbidden` contracts enforce the boundary: this boundary imports "
        "nothing outside itself and the shared kernel, and nothing outside it and the kernel "
        "imports it. They check direct imports only and each module as itself, so while the "
        f"cuts are pending `lint-imports` fails listing exactly the {_count(cuts, 'import')} under "
        "\"Imports to cut\", and it passes once they are gone. The shared kernel stays "
        "importable from both sides (it is shared or copied, not cut). A package that lies "
        "wholly on one side is named once, as `P` and `P.**`"
        + ("; the imports of the files the analysis left out below such a package (tests, "
           "migrations) are ignored." if "ignore_imports" in contracts else "."),
        "",
    ]
    if contracts.count("\n") <= INLINE_LINES:
        lines.append(code_block(contracts, "toml").rstrip("\n"))
    else:
        named = sum(line.startswith("    ") for line in contracts.splitlines())
        lines.append(f"The contracts take {contracts.count(chr(10))} lines ({named} of them "
                     "naming modules), too many to keep in this record: "
                     f"`faultline adr --from <analysis.json> --contracts {slug}` prints them, "
                     "to add to the `[tool.importlinter]` configuration.")
    return [*lines, "",
            "Between extractions, `faultline check --baseline <file>` fails a change that adds "
            "an import across this boundary beyond those recorded in the baseline."]


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
        "### Modules", "", *_bullets(_modules(document, boundary)), "",
        "### Interface (imported from outside)", "", *_bullets(_grouped(interface)),
        "",
        "### Imports to cut", "", *_bullets(_cut_lines(cuts)), "",
        "### Co-change across the edge", "", *_bullets(cochange), "",
        "### Hidden couplings", "", *_bullets(hidden), "",
        "### Hotspots inside", "", *_bullets(hot), "",
        "### Owners", "", *_bullets(owners), "",
        "### Modules with low confidence", "",
        *_bullets(f"{code_span(m)}: {_number(c)}" for m, c in shaky), "",
        f"Generated by Faultline from the analysis of {_day(document.get('generated_at'))}.",
    ]


def _modules(document: Document, boundary: Mapping[str, Any]) -> list[str]:
    """The boundary's modules: a package that lies wholly inside it named once, the others
    grouped by the package that holds them."""
    members = boundary.get("modules") or []
    entries = boundary_cover(document).get(str(boundary["id"]), [])
    wholes = [name for name, whole in entries if whole]
    size = {name: 1 + sum(1 for m in members if m.startswith(name + ".")) for name in wholes}
    siblings: dict[str, list[str]] = {}
    for name in wholes:
        siblings.setdefault(name.rpartition(".")[0], []).append(name)
    items = []
    for parent, names in sorted(siblings.items()):
        if parent and len(names) >= SIBLINGS_IN_ONE_LINE:  # two hundred plugins: one line
            leaves = ", ".join(code_span(n.rpartition(".")[2]) for n in names)
            items.append(f"{code_span(parent)}: {leaves}, each with everything below it "
                         f"({_count(len(names), 'package')}, "
                         f"{_count(sum(size[n] for n in names), 'module')})")
            continue
        items += [f"{code_span(name)} and everything below it ({_count(size[name], 'module')})"
                  for name in names]
    return items + _grouped(name for name, whole in entries if not whole)


#: Whole packages of one parent from this many on are listed on one line.
SIBLINGS_IN_ONE_LINE = 4


def _grouped(names: Iterable[str]) -> list[str]:
    """Module names as list items, one per package that holds two or more of them:
    `shop.api`: `cart_views`, `order_views`; a module alone in its package by its full name."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        parent, _, leaf = name.rpartition(".")
        groups.setdefault(parent, []).append(leaf)
    items = []
    for parent, leaves in sorted(groups.items()):
        if len(leaves) == 1 or not parent:
            items += [code_span(f"{parent}.{leaf}" if parent else leaf) for leaf in leaves]
        else:
            items.append(f"{code_span(parent)}: {', '.join(code_span(leaf) for leaf in leaves)}")
    return items
