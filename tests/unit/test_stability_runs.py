"""What the stability figures rest on (adr/0014): consensus re-cuts with other seeds and one
cut per half of history, never the consensus's own runs; the same figures for the same seed,
whatever the hash seed."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from analyzer.boundaries.cut import BoundaryOptions, Plan, Signals, cut, propose
from analyzer.boundaries.stability import agreement_with, assess

ROOT = Path(__file__).resolve().parents[2]


def _signals(imports: list[tuple[str, str]]) -> Signals:
    return Signals(tuple(sorted({m for pair in imports for m in pair})), tuple(imports))


def _ring(groups: int, size: int = 3
          ) -> tuple[Signals, tuple[tuple[tuple[str, str, float], ...], ...]]:
    """Cliques in a ring, each joined to the next by one import: which neighbours a cut
    pairs up is a coin toss between seeds."""
    imports: list[tuple[str, str]] = []
    for g in range(groups):
        names = [f"app.g{g:02d}.m{i}" for i in range(size)]
        imports += itertools.combinations(names, 2)
        imports.append((f"app.g{g:02d}.m0", f"app.g{(g + 1) % groups:02d}.m1"))
    # Two halves of history: each ties a different pair of neighbouring cliques.
    halves = ((("app.g00.m2", "app.g01.m2", 1.0),), (("app.g01.m2", "app.g02.m2", 1.0),))
    return _signals(imports), halves


def test_seed_evidence_is_consensus_recuts_with_other_seeds_and_halves_add_one_each() -> None:
    signals, halves = _ring(12)
    options = BoundaryOptions(seed=2)
    plan = Plan(signals, options)
    proposal = propose(signals, options, plan=plan)
    recuts = [cut(signals, options, seed=options.seed + n) for n in (1, 2, 3)]
    on_halves = [cut(replace(signals, cochange=half), options) for half in halves]
    found = assess(proposal, signals, options, seeds=3, cochange_halves=halves, plan=plan)
    assert found == agreement_with(proposal, [*recuts, *on_halves])
    assert found.runs == 5
    assert assess(proposal, signals, options, seeds=0).runs == 0  # no evidence: all 1.0


def test_a_coin_toss_placement_is_flagged_and_dense_groups_are_not() -> None:
    ring, _halves = _ring(12)
    proposal = propose(ring)
    tossed = assess(proposal, ring, BoundaryOptions(), seeds=4)
    assert min(tossed.confidence.values()) < 0.5
    assert min(tossed.boundaries.values()) < 0.8
    dense = _signals([*itertools.combinations([f"app.a.m{i}" for i in range(5)], 2),
                      *itertools.combinations([f"app.b.m{i}" for i in range(5)], 2),
                      ("app.a.m0", "app.b.m0")])
    solid = assess(propose(dense), dense, BoundaryOptions(), seeds=4)
    assert set(solid.confidence.values()) == {1.0}


_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from tests.unit.test_stability_runs import _ring
from analyzer.boundaries.cut import BoundaryOptions, Plan, propose
from analyzer.boundaries.stability import assess
signals, halves = _ring(20)
options = BoundaryOptions(seed=1)
plan = Plan(signals, options)
proposal = propose(signals, options, plan=plan)
print(repr(proposal.assignment))
print(repr(assess(proposal, signals, options, seeds=4, cochange_halves=halves, plan=plan)))
"""


def test_same_seed_gives_the_same_figures_under_any_hash_seed() -> None:
    outputs = set()
    for hash_seed in ("0", "1", "4242"):
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT.format(root=str(ROOT))], cwd=ROOT, text=True,
            capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert "confidence=" in outputs.pop()
