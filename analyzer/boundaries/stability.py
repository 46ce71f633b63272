"""How solid is a proposal? Re-cut with other seeds and other halves of history (pure).

Each re-run is matched to the proposal boundary by boundary (the re-run cluster holding most
of a boundary's modules is its "core" there). A module's confidence is the share of re-runs in
which it sits in its boundary's core; a boundary's stability is the mean Jaccard similarity
between it and its core over the re-runs. Near 1: solid. Near 0.5 or below: a coin toss.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from analyzer.boundaries.cut import (
    BoundaryOptions,
    Plan,
    Proposal,
    Signals,
    cut,
)
from analyzer.model import Stability


def agreement_with(proposal: Proposal, runs: Sequence[Mapping[str, str]]) -> Stability:
    """Confidence and stability of `proposal` against re-run assignments."""
    members: dict[str, set[str]] = defaultdict(set)
    for module, boundary in proposal.assignment.items():
        members[boundary].add(module)
    hits: Counter[str] = Counter()
    jaccard: dict[str, float] = defaultdict(float)
    for run in runs:
        clusters: dict[str, set[str]] = defaultdict(set)
        for module, label in run.items():
            clusters[label].add(module)
        for boundary, modules in members.items():
            overlap = Counter(run[m] for m in modules if m in run)
            if not overlap:
                continue
            core_label = min(overlap, key=lambda label: (-overlap[label], label))
            core = clusters[core_label]
            jaccard[boundary] += len(modules & core) / len(modules | core)
            hits.update(m for m in modules if run.get(m) == core_label)
    count = len(runs)
    if not count:
        return Stability({m: 1.0 for m in proposal.assignment},
                         {b: 1.0 for b in members}, 0)
    return Stability(
        confidence={m: round(hits[m] / count, 4) for m in sorted(proposal.assignment)},
        boundaries={b: round(jaccard[b] / count, 4) for b in sorted(members)},
        runs=count,
    )


def assess(
    proposal: Proposal,
    signals: Signals,
    options: BoundaryOptions,
    seeds: int = 4,
    cochange_halves: Sequence[tuple[tuple[str, str, float], ...]] = (),
    plan: Plan | None = None,
) -> Stability:
    """Re-cut with `seeds` other seeds, and once with each half of history's co-change.

    The seeds' re-runs share one `Plan` (given: it must be of these signals and options)."""
    plan = Plan(signals, options) if plan is None else plan
    jobs = range(seeds + len(cochange_halves))
    return agreement_with(proposal, recuts(signals, options, plan, seeds, cochange_halves, jobs))


def recuts(
    signals: Signals,
    options: BoundaryOptions,
    plan: Plan,
    seeds: int,
    cochange_halves: Sequence[tuple[tuple[str, str, float], ...]],
    jobs: Iterable[int],
) -> list[dict[str, str]]:
    """The re-cuts numbered `jobs`, in their order: 0 to seeds-1 are the other seeds, then
    one per half of history. Each is independent of the others (they can run apart)."""
    runs = []
    for job in jobs:
        if job < seeds:
            runs.append(cut(signals, options, seed=options.seed + 1 + job, plan=plan))
        else:
            other = replace(signals, cochange=tuple(cochange_halves[job - seeds]))
            runs.append(cut(other, options, plan=Plan(other, options, like=plan)))
    return runs
