"""Boundaries: agreement with planted and declared truth, and speed.

    python bench/bench_boundaries.py planted            # sample scenarios, cross rate 5..30 %
    python bench/bench_boundaries.py planted --scenario shop --seeds 8
    python bench/bench_boundaries.py real               # real packages from site-packages
    python bench/bench_boundaries.py speed --repo DIR   # propose and what-if on a big repo

`planted` builds the shop and a mid-size scale scenario at each cross-service import rate and
prints ARI, MoJoFM both ways and c2c for imports alone and for imports plus co-change, the
lowest ARI over the seeds, and whether the targets of ../shared/QUALITY.md are met.
`real` copies packages out of site-packages (no history: imports only), clusters them
path-blind and compares with their own subpackage structure, beside a random partition of the
same sizes. `speed` times proposing boundaries (without the stability re-runs) and one what-if
move, beside the bare networkx Louvain run on the same graph.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import igraph
import networkx as nx

import sample_repos
from analyzer.boundaries.cut import BoundaryOptions, propose
from analyzer.boundaries.decomposition import signals_of
from analyzer.boundaries.evaluation import truth_by_depth, truth_from_document
from analyzer.boundaries.metrics import agreement
from analyzer.boundaries.weights import combined_weights
from analyzer.boundaries.whatif import move, rescore, scenario_from_document
from analyzer.pipeline import analyze

RATES = (0.05, 0.10, 0.20, 0.30)


def _row(label: str, figures: dict[str, float]) -> str:
    return (f"{label:<34} {figures['ari']:6.3f} {figures['mojofm_to_truth']:8.3f} "
            f"{figures['mojofm_from_truth']:8.3f} {figures['c2c50']:6.3f}")


def _header(title: str) -> None:
    print(f"\n{title}\n{'':<34} {'ARI':>6} {'MoJo->T':>8} {'MoJo<-T':>8} {'c2c50':>6}")


TARGETS = {0.05: 0.90, 0.10: 0.90, 0.20: 0.90, 0.30: 0.75}  # ARI, ../shared/QUALITY.md
SIZES = {"shop": {}, "scale": {"modules": 1500, "commits": 15000}}


def planted(seeds: int, scenarios: list[str], rates: list[float]) -> None:
    _header(f"Planted truth (mean over sample seeds 0..{seeds - 1}; min ARI per seed at right)")
    for scenario in scenarios:
        for rate in rates:
            results: dict[str, list[dict[str, float]]] = {"imports": [], "combined": []}
            for seed in range(seeds):
                with tempfile.TemporaryDirectory() as tmp:
                    dest = Path(tmp) / scenario
                    truth_doc = sample_repos.build(scenario, dest, seed=seed, cross_rate=rate,
                                                   **SIZES[scenario])
                    truth = truth_from_document(truth_doc)
                    analysis = analyze(dest, overrides={"boundaries": False})
                    signals = signals_of(analysis.graph, analysis.evolution)
                    for label, weight in (("imports", 0.0), ("combined", 1.0)):
                        found = propose(signals, BoundaryOptions(cochange_weight=weight))
                        common = {m: b for m, b in found.assignment.items() if m in truth}
                        results[label].append(agreement(common, truth))
            means = {}
            for label, rows in results.items():
                means[label] = {k: statistics.mean(r[k] for r in rows) for k in rows[0]}
                low = min(r["ari"] for r in rows)
                print(f"{_row(f'{scenario} cross {rate:.0%} {label}', means[label])}"
                      f"   min {low:.3f}", flush=True)
            target = TARGETS.get(rate)
            verdict = [] if target is None else [
                f"ARI {'>=' if means['combined']['ari'] >= target else 'BELOW'} {target}"]
            gap = means["combined"]["ari"] - means["imports"]["ari"]
            verdict.append(f"combined {'not worse than' if gap >= 0 else 'WORSE than'} "
                           f"imports alone ({gap:+.3f})")
            print(f"{'':<34} {'; '.join(verdict)}", flush=True)


def _copy_package(name: str, dest: Path) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name} is not installed")
    source = Path(next(iter(spec.submodule_search_locations)))
    shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    return dest


def _random_like(assignment: dict[str, str], seed: int) -> dict[str, str]:
    labels = list(assignment.values())
    random.Random(seed).shuffle(labels)
    return dict(zip(assignment, labels, strict=True))


def real(packages: list[str], depth: int, algorithm: str) -> None:
    _header(f"Real packages, imports only, {algorithm}, truth = subpackages at depth {depth}")
    for name in packages:
        with tempfile.TemporaryDirectory() as tmp:
            root = _copy_package(name, Path(tmp))
            analysis = analyze(root, overrides={"history": False, "boundaries": False})
            signals = signals_of(analysis.graph, None)
            truth = truth_by_depth(signals.modules, depth)
            found = propose(signals, BoundaryOptions(algorithm=algorithm))
            common = {m: b for m, b in found.assignment.items() if m in truth}
            print(_row(f"{name} ({len(common)} modules, {len(set(truth.values()))} parts)",
                       agreement(common, truth)))
            randoms = [agreement(_random_like(common, s), truth) for s in range(20)]
            mean = {k: statistics.mean(r[k] for r in randoms) for k in randoms[0]}
            print(_row(f"{name} random, same sizes", mean))


def speed(repo: Path, repeat: int) -> None:
    from analyzer.output.document import to_document

    analysis = analyze(repo, overrides={"boundaries": False})
    signals = signals_of(analysis.graph, analysis.evolution)
    options = BoundaryOptions()
    weights = combined_weights(signals, options)
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, round(1000 * sum(w))) for (a, b), w in weights.items())
    nodes = sorted(graph)
    index = {node: i for i, node in enumerate(nodes)}
    leiden = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    leiden.es["weight"] = [w for _a, _b, w in graph.edges(data="weight")]
    bare, bare_leiden, ours, ours_louvain = [], [], [], []
    for attempt in range(repeat):
        start = time.perf_counter()
        nx.community.louvain_communities(graph, weight="weight", seed=attempt)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        leiden.community_leiden(objective_function="modularity", weights="weight",
                                n_iterations=-1)
        bare_leiden.append(time.perf_counter() - start)
        start = time.perf_counter()
        propose(signals, replace(options, seed=attempt))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        propose(signals, replace(options, seed=attempt, algorithm="louvain"))
        ours_louvain.append(time.perf_counter() - start)
    print(f"\n{len(signals.modules)} modules, {len(signals.imports)} import pairs, "
          f"{len(signals.cochange)} co-change pairs")
    print(f"bare igraph Leiden (one run)       median {statistics.median(bare_leiden):6.2f} s")
    print(f"bare networkx Louvain (one run)    median {statistics.median(bare):6.2f} s")
    print(f"propose, Leiden (kernel pass + consensus) median {statistics.median(ours):6.2f} s "
          f"({statistics.median(ours) / statistics.median(bare):.1f}x one bare Louvain run)")
    print(f"propose, --algorithm louvain      median {statistics.median(ours_louvain):6.2f} s "
          f"({statistics.median(ours_louvain) / statistics.median(bare):.1f}x one bare run)")
    document = to_document(analyze(repo))
    scenario = scenario_from_document(document)
    before = rescore(scenario, scenario.assignment)
    module = sorted(scenario.assignment)[len(scenario.assignment) // 2]
    target = next(b["id"] for b in document["boundaries"]
                  if b["id"] != scenario.assignment[module])
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        after = rescore(scenario, move(scenario.assignment, [module], target))
        times.append(time.perf_counter() - start)
    print(f"what-if move of one module + rescore median {statistics.median(times):6.3f} s "
          f"(modularity {before['metrics']['modularity']:.4f} -> "
          f"{after['metrics']['modularity']:.4f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("planted")
    p.add_argument("--seeds", type=int, default=3, help="sample seeds per scenario and rate")
    p.add_argument("--scenario", action="append", choices=sorted(SIZES),
                   help="shop or scale (repeatable) [default: both]")
    p.add_argument("--rate", action="append", type=float,
                   help="cross-service import rate (repeatable) [default: 0.05 0.1 0.2 0.3]")
    r = sub.add_parser("real")
    r.add_argument("--package", action="append",
                   default=None, help="installed package (repeatable)")
    r.add_argument("--depth", type=int, default=2)
    r.add_argument("--algorithm", choices=["leiden", "louvain"], default="leiden")
    s = sub.add_parser("speed")
    s.add_argument("--repo", type=Path, required=True)
    s.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.what == "planted":
        planted(args.seeds, args.scenario or ["shop", "scale"], args.rate or list(RATES))
    elif args.what == "real":
        real(args.package or ["networkx", "pandas", "git", "streamlit"], args.depth, args.algorithm)
    else:
        speed(args.repo, args.repeat)


if __name__ == "__main__":
    main()
