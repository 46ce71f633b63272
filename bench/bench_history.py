"""History phase of `faultline analyze` against the bare `git log` it runs, same run.

Also times GitPython's per-commit `Commit.stats` (one `git diff` per commit) on the first
2,000 commits, the approach Faultline avoids. Each measurement runs in a fresh process so
that its peak memory (ru_maxrss) is its own.

    python bench/bench_history.py --repo /tmp/big          # e.g. a 50,000-commit scale sample
    python bench/bench_history.py --commits 50000          # builds the scale sample first
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT_LOG = ["git", "-c", "core.quotepath=off", "log", "-z", "--name-status", "-M",
           "--use-mailmap", "--format=%x1e%H%x1f%aN%x1f%aE%x1f%at%x1f%P%x1f%s", "HEAD", "--"]


def child(kind: str, repo: Path, count: int) -> None:
    started = time.perf_counter()
    extra: dict[str, object] = {}
    if kind == "git-log":
        process = subprocess.Popen(GIT_LOG, cwd=repo, stdout=subprocess.PIPE)
        assert process.stdout is not None
        size = 0
        while chunk := process.stdout.read(1 << 20):
            size += len(chunk)
        process.wait()
        extra["bytes"] = size
    elif kind == "faultline":
        from analyzer.history import HistoryOptions, read_history

        history = read_history(repo, HistoryOptions())
        extra = {"commits_read": history.commits_read, "commits_used": history.commits_used}
    elif kind == "evolve":
        from analyzer.coupling import Thresholds
        from analyzer.discover import discover
        from analyzer.evolution import evolve
        from analyzer.history import HistoryOptions, read_history
        from analyzer.imports import build_import_graph
        from analyzer.settings import Settings

        graph = build_import_graph(discover(repo, Settings()))
        history = read_history(repo, HistoryOptions())
        started = time.perf_counter()
        evolution = evolve(graph, history.changes, Thresholds())
        extra = {"pairs": len(evolution.files.pairs)}
    else:  # gitpython-stats
        import git

        with git.Repo(repo) as handle:
            for commit in handle.iter_commits("HEAD", max_count=count):
                _ = commit.stats.files
        extra["commits"] = count
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))


def measure(kind: str, repo: Path, count: int = 0) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--repo", str(repo),
                          "--count", str(count)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path)
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stats-commits", type=int, default=2000)
    parser.add_argument("--child")
    parser.add_argument("--count", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repo, args.count)
        return
    repo = args.repo
    if repo is None:
        import sample_repos

        repo = Path(tempfile.mkdtemp(prefix="fl-bench-")) / "scale"
        started = time.perf_counter()
        sample_repos.build("scale", repo, modules=args.modules, commits=args.commits)
        print(f"built scale sample in {time.perf_counter() - started:.1f}s at {repo}")
    runs: dict[str, list[dict]] = {"git-log": [], "faultline": []}
    for _ in range(args.repeat):
        for kind in runs:
            runs[kind].append(measure(kind, repo))
    for kind, results in runs.items():
        print(f"{kind:16} median {statistics.median(r['seconds'] for r in results):7.2f}s  "
              f"peak {max(r['peak_mb'] for r in results):6.0f} MB  {results[0]}")
    bare = statistics.median(r["seconds"] for r in runs["git-log"])
    ours = statistics.median(r["seconds"] for r in runs["faultline"])
    print(f"ratio history phase / bare git log: {ours / bare:.2f}x (target <= 1.5x)")
    evolve = measure("evolve", repo)
    print(f"coupling+ownership+hotspots (pure, after reading): {evolve['seconds']:.2f}s, "
          f"{evolve['pairs']} file pairs")
    stats = measure("gitpython-stats", repo, args.stats_commits)
    per_commit = stats["seconds"] / args.stats_commits
    commits = runs["faultline"][0]["commits_read"]
    print(f"GitPython Commit.stats on {args.stats_commits} commits: {stats['seconds']:.1f}s "
          f"({per_commit * 1000:.1f} ms/commit; ~{per_commit * commits:.0f}s for all {commits}, "
          f"{per_commit * commits / ours:.0f}x the history phase)")


if __name__ == "__main__":
    main()
