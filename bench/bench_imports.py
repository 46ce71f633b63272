"""Import-graph phase of `faultline analyze` against a bare `grimp.build_graph`, same run.

Builds the scale sample (or takes --repo), then alternates the two measurements, each in a
fresh process so that peak memory (ru_maxrss) is its own. Prints medians and the ratio.

    python bench/bench_imports.py --modules 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
from harness import median, peak, report


def child(kind: str, repo: Path, package: str) -> None:
    if kind == "bare":
        import grimp

        sys.path.insert(0, str(repo))
        started = time.perf_counter()
        graph = grimp.build_graph(package, cache_dir=None)
        seconds = time.perf_counter() - started
        counts = {"modules": len(graph.modules), "imports": graph.count_imports()}
    else:
        from analyzer.code.discover import discover
        from analyzer.code.imports import build_import_graph
        from analyzer.settings import Settings

        started = time.perf_counter()
        layout = discover(repo, Settings())
        graph = build_import_graph(layout)
        seconds = time.perf_counter() - started
        counts = {"modules": len(graph.modules), "imports": len(graph.imports)}
    report(seconds, **counts)


def measure(kind: str, repo: Path, package: str) -> dict:
    return harness.measure(__file__, kind, "--repo", str(repo), "--package", package)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="an existing repo (default: build scale)")
    parser.add_argument("--package", default="mono")
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=["bare", "faultline"])
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repo, args.package)
        return
    repo = args.repo
    if repo is None:
        repo = harness.build_scale(args.modules, args.commits)
    runs: dict[str, list[dict]] = {"bare": [], "faultline": []}
    for _ in range(args.repeat):
        for kind in runs:
            runs[kind].append(measure(kind, repo, args.package))
    bare = median(runs["bare"])
    ours = median(runs["faultline"])
    for kind, results in runs.items():
        first = results[0]
        print(f"{kind:10} median {median(results):7.3f}s  "
              f"min {min(r['seconds'] for r in results):7.3f}s  "
              f"peak {peak(results):6.0f} MB  "
              f"{first['modules']} modules, {first['imports']} imports")
    print(f"ratio faultline / bare grimp.build_graph: {ours / bare:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
