"""Whole-process `faultline analyze` against the bare `git log` it needs, same run.

Three situations, each a fresh `faultline -q analyze` process (its wall time, and its peak
memory: the largest ru_maxrss of it and of any process it started, git included; one more
cold run in process gives faultline's own peak apart from git's), medians of `--repeat`
(and the best run, less sensitive to other work on the machine):

- cold: an empty cache folder (FAULTLINE_CACHE_DIR and XDG_CACHE_HOME point at a new temporary
  folder for every run), so the whole history is read and everything computed;
- warm: the same repository, unchanged, and a cache filled by one run before;
- one new commit: a `--shared` clone of the repository, its cache filled, then one commit
  changing a few tracked Python files (each run starts from a copy of that cache);
- `faultline --help`, which imports every command's module but none of what they run on.

Each is printed as a ratio against the bare `git log --no-merges --name-status -M` of the
same repository (measured in the same run, its output read through a pipe), and the new
commit also against the cold run of the clone. Then the time of each phase from one
in-process run (the pipeline's progress messages timestamped, plus turning the analysis into
the document and its JSON text), cold and warm, and with `--profile` the top functions of a
cProfile of the warm run. The repository given is never changed, and the user's own cache is
never touched.

    python bench/bench_whole.py --modules 1500 --commits 10000     # builds the scale sample
    python bench/bench_whole.py --repo /tmp/real/django-DefectDojo --profile
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
from harness import median, peak, report

GIT_LOG = ["git", "log", "--no-merges", "--name-status", "-M"]
#: Files changed by the one new commit of the incremental run.
NEW_COMMIT_FILES = 3


def _faultline() -> list[str]:
    script = Path(sys.executable).with_name("faultline")
    return [str(script)] if script.exists() else [sys.executable, "-P", "-m", "analyzer"]


def _children_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def child(kind: str, repo: Path, out: Path | None) -> None:
    """One measurement; the child process being measured is this one's only child."""
    started = time.perf_counter()
    extra: dict[str, object] = {}
    if kind == "git-log":
        extra["bytes"] = harness.read_git(GIT_LOG, repo)
    elif kind == "analyze":
        assert out is not None
        subprocess.run([*_faultline(), "-q", "analyze", str(repo), "-o", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    elif kind == "memory":  # the command in this process: its own peak apart from git's
        import resource

        from analyzer.cli.main import cli

        assert out is not None
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # this child's stdout is its report
                cli(["-q", "analyze", str(repo), "-o", str(out)], standalone_mode=False)
        finally:
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report(time.perf_counter() - started, peak_mb=own, git_peak_mb=_children_peak_mb())
        return
    elif kind == "help":
        subprocess.run([*_faultline(), "--help"], check=True, stdout=subprocess.DEVNULL)
    elif kind in ("phases", "profile"):
        phases(repo, out if kind == "profile" else None)
        return
    seconds = time.perf_counter() - started
    report(seconds, peak_mb=_children_peak_mb(), **extra)


def phases(repo: Path, profile: Path | None) -> None:
    """Seconds per phase of one in-process analysis (and a cProfile of it written to
    `profile`, when given)."""
    started = time.perf_counter()
    from analyzer.output.document import dumps, to_csv_files, to_document
    from analyzer.pipeline import analyze

    # Each entry starts a phase, which lasts until the next entry.
    stamps: list[tuple[float, str]] = [(started, "import faultline"),
                                       (time.perf_counter(), "settings")]
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    analysis = analyze(repo, progress=lambda message: stamps.append(
        (time.perf_counter(), message)))
    stamps.append((time.perf_counter(), "to_document"))
    document = to_document(analysis)
    stamps.append((time.perf_counter(), "dumps (analysis.json text)"))
    text = dumps(document)
    stamps.append((time.perf_counter(), "csv files"))
    to_csv_files(document)
    stamps.append((time.perf_counter(), "end"))
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer).sort_stats("tottime")
        stats.print_stats(25)
        buffer.write("\n--- by cumulative time ---\n")
        stats.sort_stats("cumulative").print_stats(40)
        profile.write_text(buffer.getvalue(), encoding="utf-8")
    table = [(label, stamps[i + 1][0] - when) for i, (when, label) in enumerate(stamps[:-1])]
    report(time.perf_counter() - started, phases=table, chars=len(text))


def measure(kind: str, repo: Path, out: Path | None = None, cache: Path | None = None) -> dict:
    """A measurement in a fresh process with its own cache folder (a new empty one if None)."""
    fresh = cache is None
    folder = Path(tempfile.mkdtemp(prefix="fl-bench-cache-")) if fresh else cache
    try:
        args = ["--repo", str(repo)] + (["--out", str(out)] if out else [])
        return harness.measure(__file__, kind, *args, env={
            "FAULTLINE_CACHE_DIR": str(folder), "XDG_CACHE_HOME": str(folder / "xdg")})
    finally:
        if fresh:
            shutil.rmtree(folder, ignore_errors=True)


def clone(repo: Path, copy: Path) -> None:
    """A `--shared` clone of `repo` (with its replace refs) whose work tree is a copy of the
    repository's, also when some blobs are missing from its object store (a mirror that
    dropped large files)."""
    subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(repo), str(copy)],
                   check=True)
    subprocess.run(["git", "fetch", "-q", "origin", "refs/replace/*:refs/replace/*"], cwd=copy,
                   check=True)
    subprocess.run(["git", "read-tree", "HEAD"], cwd=copy, check=True)
    shutil.copytree(repo, copy, symlinks=True, dirs_exist_ok=True,
                    ignore=lambda folder, _names: [".git"] if Path(folder) == repo else [])
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=copy,
                   stdout=subprocess.DEVNULL)


def add_commit(repo: Path, count: int = NEW_COMMIT_FILES) -> None:
    """One commit changing `count` tracked Python files, with a fixed identity and date."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=repo, check=True, text=True,
                           capture_output=True).stdout.split()
    stamp = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, check=True,
                               text=True, capture_output=True).stdout)
    changed = [files[(i * 7919 + 11) % len(files)] for i in range(count)]
    for name in changed:
        with open(repo / name, "a", encoding="utf-8") as handle:
            handle.write("\nBENCH_CHANGE = 1\n")
    date = f"@{stamp + 60} +0000"
    subprocess.run(["git", "commit", "-q", "-m", "bench change", "--", *changed], cwd=repo,
                   check=True, env={**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def line(label: str, results: list[dict], floor: float, cold: float | None = None) -> None:
    vs_cold = f"  {median(results) / cold:5.2f}x cold" if cold else ""
    best = min(r["seconds"] for r in results)
    print(f"{label:28} median {median(results):6.2f}s (best {best:5.2f}s)  "
          f"{median(results) / floor:5.2f}x git log{vs_cold}  peak {peak(results):5.0f} MB")


def print_phases(label: str, result: dict) -> None:
    print(f"phases, {label} (in process, {result['seconds']:.2f}s, "
          f"peak {result['peak_mb']:.0f} MB):")
    for name, seconds in result["phases"]:
        print(f"  {seconds:7.3f}s  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="a repository [default: build the scale "
                        "sample with --modules and --commits]")
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the warm in-process run")
    parser.add_argument("--child")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repo, args.out)
        return
    repo = args.repo.resolve() if args.repo else harness.build_scale(args.modules, args.commits)
    work = Path(tempfile.mkdtemp(prefix="fl-bench-whole-"))
    try:
        run(repo, work, args.repeat, args.profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(repo: Path, work: Path, repeat: int, profile: bool) -> None:
    out = work / "out"
    floor_runs, cold_runs = [], []
    for _ in range(repeat):  # interleaved, so that both see the same machine
        floor_runs.append(measure("git-log", repo))
        cold_runs.append(measure("analyze", repo, out))
    floor = median(floor_runs)
    print(f"repository {repo}: bare `{' '.join(GIT_LOG)}` median {floor:.2f}s (best "
          f"{min(r['seconds'] for r in floor_runs):.2f}s) "
          f"({floor_runs[0]['bytes'] / 2**20:.0f} MB of output), peak {peak(floor_runs):.0f} MB")
    line("cold (empty cache)", cold_runs, floor)

    cache = work / "cache"
    measure("analyze", repo, out, cache)  # fills it
    warm_runs = [measure("analyze", repo, out, cache) for _ in range(repeat)]
    line("warm (unchanged repository)", warm_runs, floor, median(cold_runs))
    line("faultline --help", [measure("help", repo) for _ in range(repeat)], floor)

    copy = work / "copy"
    clone(repo, copy)
    filled = work / "copy-cache"
    measure("analyze", copy, out, filled)
    add_commit(copy)
    copy_floor = [measure("git-log", copy) for _ in range(repeat)]
    copy_cold = [measure("analyze", copy, out) for _ in range(repeat)]
    incremental = []
    for i in range(repeat):
        shutil.copytree(filled, work / f"run{i}")
        incremental.append(measure("analyze", copy, out, work / f"run{i}"))
    line(f"one new commit ({NEW_COMMIT_FILES} files)", incremental, median(copy_floor),
         median(copy_cold))

    memory = measure("memory", repo, out)
    print(f"peak memory, cold: faultline itself {memory['peak_mb']:.0f} MB, the git it runs "
          f"{memory['git_peak_mb']:.0f} MB (the lines above give the larger of the two)")
    print_phases("cold", measure("phases", repo))
    print_phases("warm", measure("phases", repo, cache=cache))
    if profile:
        listing = work / "profile.txt"
        measure("profile", repo, listing, cache)
        print("cProfile of a warm in-process run:")
        print(listing.read_text(encoding="utf-8"))

if __name__ == "__main__":
    main()
