"""What every bench script shares: each measurement in a fresh child process (so that its
peak memory, ru_maxrss, is its own), the child's one JSON line back, medians, the scale sample.

A script calls `report(...)` at the end of its child branch and `measure(__file__, ...)` in
the parent; figures are printed as ratios against the bare tool measured in the same run.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def report(seconds: float, **extra: object) -> None:
    """Print a child's result: its time, its peak memory and what else it counted."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))


def measure(script: str, kind: str, *args: str, env: dict[str, str] | None = None) -> dict:
    """Run `script --child KIND ARGS...` in a fresh interpreter; its JSON line as a dict."""
    out = subprocess.run([sys.executable, script, "--child", kind, *args], check=True,
                         capture_output=True, text=True, env={**os.environ, **(env or {})})
    return json.loads(out.stdout)


def read_git(command: list[str], repo: Path) -> int:
    """Run a git command in `repo`, its output read through a pipe as a tool would; the
    number of bytes it printed. SystemExit when git fails."""
    process = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE)
    assert process.stdout is not None
    size = 0
    while chunk := process.stdout.read(1 << 20):
        size += len(chunk)
    if process.wait():
        raise SystemExit(f"{' '.join(command[:2])} failed in {repo}")
    return size


def median(results: list[dict], key: str = "seconds") -> float:
    return statistics.median(r[key] for r in results)


def peak(results: list[dict]) -> float:
    return max(r["peak_mb"] for r in results)


def build_scale(modules: int, commits: int) -> Path:
    """The scale sample in a new temporary folder (printed with its build time)."""
    import sample_repos

    repo = Path(tempfile.mkdtemp(prefix="fl-bench-")) / "scale"
    started = time.perf_counter()
    sample_repos.build("scale", repo, modules=modules, commits=commits)
    print(f"built scale sample ({modules} modules, {commits} commits) "
          f"in {time.perf_counter() - started:.1f}s at {repo}")
    return repo
