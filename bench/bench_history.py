"""History phase of `faultline analyze` against the bare `git log` it runs, same run.

Also times the history cache: the first run that fills it, a re-run of the unchanged
repository (target: under 10 % of the cold run) and a run after new commits, made in a
`--shared` clone of the repository so that the one given is never changed; the cache lives in
a temporary folder, never the user's. And GitPython's per-commit `Commit.stats` (one
`git diff` per commit) on the first 2,000 commits, the approach Faultline avoids. Each
measurement runs in a fresh process, after its imports, so that its time and peak memory
(ru_maxrss) are its own.

    python bench/bench_history.py --repo /tmp/big          # e.g. a 50,000-commit scale sample
    python bench/bench_history.py --commits 50000          # builds the scale sample first
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
from harness import median, peak, report

GIT_LOG = ["git", "-c", "core.quotepath=off", "log", "-z", "--name-status", "-M",
           "--use-mailmap", "--format=%x1e%H%x1f%aN%x1f%aE%x1f%at%x1f%ct%x1f%P%x1f%s", "HEAD",
           "--"]
NEW_COMMITS = 20


def child(kind: str, repo: Path, count: int) -> None:
    if kind in ("faultline", "faultline-cache"):
        from analyzer.history.log import HistoryOptions, read_history
    started = time.perf_counter()
    seconds = None
    extra: dict[str, object] = {}
    if kind == "git-log":
        extra["bytes"] = harness.read_git(GIT_LOG, repo)
    elif kind in ("faultline", "faultline-cache"):
        said: list[str] = []
        history = read_history(repo, HistoryOptions(), progress=said.append,
                               cache=kind == "faultline-cache")
        seconds = time.perf_counter() - started
        digest = hashlib.sha256(repr(history).encode("utf-8", "surrogateescape")).hexdigest()
        extra = {"commits_read": history.commits_read, "commits_used": history.commits_used,
                 "digest": digest[:16], "cache": [m for m in said if m.startswith("history")]}
    elif kind == "evolve":
        from analyzer.code.discover import discover
        from analyzer.code.imports import build_import_graph
        from analyzer.history.coupling import Thresholds
        from analyzer.history.evolution import evolve
        from analyzer.history.log import HistoryOptions, read_history
        from analyzer.settings import Settings

        graph = build_import_graph(discover(repo, Settings()))
        history = read_history(repo, HistoryOptions(), cache=False)
        started = time.perf_counter()
        evolution = evolve(graph, history.changes, Thresholds())
        extra = {"pairs": len(evolution.files.pairs)}
    else:  # gitpython-stats
        import git

        with git.Repo(repo) as handle:
            for commit in handle.iter_commits("HEAD", max_count=count):
                _ = commit.stats.files
        extra["commits"] = count
    if seconds is None:
        seconds = time.perf_counter() - started
    report(seconds, **extra)


def measure(kind: str, repo: Path, count: int = 0, cache: Path | None = None) -> dict:
    # Without a cache folder of its own, a child gets one nothing can be written to.
    return harness.measure(__file__, kind, "--repo", str(repo), "--count", str(count),
                           env={"FAULTLINE_CACHE_DIR": str(cache or os.devnull)})


def line(label: str, results: list[dict]) -> None:
    print(f"{label:34} median {median(results):7.3f}s  peak "
          f"{peak(results):6.0f} MB  {results[0].get('cache', '')}")


def add_commits(repo: Path, count: int) -> None:
    """`count` commits, each changing two tracked Python files, with a fixed identity."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=repo, check=True, text=True,
                           capture_output=True).stdout.split()
    stamp = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, check=True,
                               text=True, capture_output=True).stdout)
    for i in range(count):
        changed = [files[(i * 7919) % len(files)], files[(i * 104729 + 1) % len(files)]]
        for name in changed:
            with open(repo / name, "a", encoding="utf-8") as handle:
                handle.write(f"\nBENCH_{i} = {i}\n")
        date = f"@{stamp + 60 * (i + 1)} +0000"
        subprocess.run(["git", "commit", "-q", "-m", f"bench change {i}", "--", *changed],
                       cwd=repo, check=True,
                       env={**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def bench_cache(repo: Path, cold: list[dict], repeat: int) -> None:
    """First run, cached re-run and incremental run, against the cold history phase."""
    work = Path(tempfile.mkdtemp(prefix="fl-bench-cache-"))
    try:
        cache = work / "cache"
        fill = [measure("faultline-cache", repo, cache=cache)]
        cached = [measure("faultline-cache", repo, cache=cache) for _ in range(repeat)]
        size = sum(f.stat().st_size for f in (cache / "history").iterdir())
        line("history, first run (fills cache)", fill)
        line("history, cached re-run", cached)
        ratio = median(cached) / median(cold)
        print(f"ratio cached re-run / cold history phase: {ratio:.3f} (target < 0.10); "
              f"cache {size / 2**20:.1f} MB; same history as cold: "
              f"{cached[0]['digest'] == cold[0]['digest']}")

        copy = work / "copy"
        subprocess.run(["git", "clone", "-q", "--shared", str(repo), str(copy)], check=True)
        warm = work / "warm"
        measure("faultline-cache", copy, cache=warm)
        add_commits(copy, NEW_COMMITS)
        incremental = []
        for i in range(repeat):
            shutil.copytree(warm, work / f"run{i}")
            incremental.append(measure("faultline-cache", copy, cache=work / f"run{i}"))
        reference = measure("faultline", copy)
        line(f"history, after {NEW_COMMITS} new commits", incremental)
        print(f"ratio incremental / cold history phase: {median(incremental) / median(cold):.3f}"
              f"; same history as a cold read: "
              f"{incremental[0]['digest'] == reference['digest']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
        repo = harness.build_scale(args.modules, args.commits)
    runs: dict[str, list[dict]] = {"git-log": [], "faultline": []}
    for _ in range(args.repeat):
        for kind in runs:
            runs[kind].append(measure(kind, repo))
    for kind, results in runs.items():
        print(f"{kind:16} median {statistics.median(r['seconds'] for r in results):7.2f}s  "
              f"peak {max(r['peak_mb'] for r in results):6.0f} MB  {results[0]}")
    bare = statistics.median(r["seconds"] for r in runs["git-log"])
    ours = statistics.median(r["seconds"] for r in runs["faultline"])
    print(f"ratio history phase (no cache) / bare git log: {ours / bare:.2f}x (target <= 1.5x)")
    bench_cache(repo, runs["faultline"], args.repeat)
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
