"""Real monoliths: proposed boundaries against the app truth, with and without co-change.

    python bench/bench_real.py                          # the repos under /tmp/real, if present
    python bench/bench_real.py --repo /tmp/real/wger --repo /tmp/real/django-oscar
    python bench/bench_real.py --json                   # machine-readable rows

Each repository is analysed in-process twice: with the default settings, and with imports alone
(co-change weight 0). One row per repository and mode: analysed modules, internal imports, the
share of modules left with no ties ("isolated"), ARI, MoJoFM both ways and c2c50 against the app
truth of ../shared/QUALITY.md (apps of fewer than 3 modules left out; "left" is the share of
modules so left out), and the wall time of the analysis (history from the cache when it is
there; --no-cache for cold timings). Big repositories take minutes; progress
goes to stderr. The repositories' code is never copied here: clone them under /tmp/real.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.boundaries.evaluation import drop_small_apps, evaluate, truth_from_apps
from analyzer.model import ISOLATED
from analyzer.output.document import to_document
from analyzer.pipeline import analyze

REAL = Path("/tmp/real")
DEFAULT_REPOS = ("django-oscar", "wger", "paperless-ngx", "django-DefectDojo")
MODES: dict[str, dict[str, object]] = {"default": {}, "imports": {"cochange_weight": 0.0}}


def backtest_figures(repo: Path, document: dict[str, Any],
                     overrides: dict[str, object] | None = None) -> dict[str, Any] | None:
    """QUALITY.md "Backtest" for this repository: fitted on the first 80 % of the history,
    the lift of the proposal, the package tree and the declared apps over random partitions."""
    from analyzer.cli.backtest import run_backtest

    figures = run_backtest(repo, share=0.8, settings_overrides=overrides)
    rows = figures["partitions"]
    return {f"{name}_lift": rows[name]["lift"] for name in ("proposal", "package_tree", "apps")
            if name in rows} | {f"{name}_share": rows[name]["share"] for name in rows}


def _backtest_available() -> bool:
    try:
        importlib.import_module("analyzer.boundaries.backtest")
    except ImportError:
        return False
    return True


def run(repo: Path, mode: str, *, with_backtest: bool, cache: bool = True) -> dict[str, Any]:
    """Analyse `repo` in `mode` and score it against its app truth."""
    def say(message: str) -> None:
        print(f"[{repo.name} {mode} {time.perf_counter() - start:7.1f} s] {message}",
              file=sys.stderr, flush=True)

    start = time.perf_counter()
    analysis = analyze(repo, overrides=MODES[mode], progress=say, cache=cache)
    seconds = time.perf_counter() - start
    document = to_document(analysis)
    modules = document["modules"]
    apps = truth_from_apps(m["name"] for m in modules)
    truth = drop_small_apps(apps)
    figures = evaluate(document, truth) if modules else {}
    row: dict[str, Any] = {
        "repo": repo.name, "mode": mode,
        "modules": len(modules), "imports": document["summary"]["imports"],
        "dependencies": document["summary"].get("dependencies") or {},
        "isolated": round(sum(m["boundary"] == ISOLATED for m in modules)
                          / max(len(modules), 1), 4),
        "boundaries": len(document["boundaries"]),
        "apps": len(set(truth.values())),
        "left_out": round((len(apps) - len(truth)) / max(len(apps), 1), 4),
        "ari": figures.get("ari"), "mojofm_to_truth": figures.get("mojofm_to_truth"),
        "mojofm_from_truth": figures.get("mojofm_from_truth"), "c2c50": figures.get("c2c50"),
        "seconds": round(seconds, 1),
        "no_import_share": round(sum(not (m["imports_in"] or m["imports_out"]) for m in modules)
                                 / max(len(modules), 1), 4),
        "source_roots": document["source_roots"], "packages": document["packages"],
        "commits_used": (document.get("history") or {}).get("commits_used"),
    }
    if with_backtest:
        row["backtest"] = backtest_figures(repo, document, MODES[mode])
    say(f"done in {seconds:.1f} s")
    return row


HEADER = (f"{'repo':<20} {'mode':<8} {'modules':>7} {'imports':>7} {'isol':>5} {'bnds':>4} "
          f"{'apps':>4} {'left':>5} {'ARI':>6} {'MoJo->T':>7} {'MoJo<-T':>7} {'c2c50':>6} "
          f"{'time s':>7}")


def _line(row: dict[str, Any]) -> str:
    def num(key: str) -> str:
        value = row[key]
        return "   -" if value is None else f"{value:.3f}"

    return (f"{row['repo']:<20} {row['mode']:<8} {row['modules']:>7} {row['imports']:>7} "
            f"{row['isolated']:>5.0%} {row['boundaries']:>4} {row['apps']:>4} "
            f"{row['left_out']:>5.0%} {num('ari'):>6} {num('mojofm_to_truth'):>7} "
            f"{num('mojofm_from_truth'):>7} {num('c2c50'):>6} {row['seconds']:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, action="append",
                        help=f"repository to analyse (repeatable) [default: those of "
                             f"{', '.join(DEFAULT_REPOS)} present under {REAL}]")
    parser.add_argument("--mode", action="append", choices=sorted(MODES),
                        help="default and/or imports (repeatable) [default: both]")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the history cache (cold timings)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    repos = args.repo or [REAL / name for name in DEFAULT_REPOS if (REAL / name).is_dir()]
    if not repos:
        raise SystemExit(f"no repository given and none found under {REAL}; use --repo PATH")
    with_backtest = _backtest_available()
    rows = []
    if not args.json:
        print(HEADER, flush=True)
    for repo in repos:
        for mode in args.mode or list(MODES):
            row = run(repo, mode, with_backtest=with_backtest, cache=not args.no_cache)
            rows.append(row)
            if not args.json:
                print(_line(row), flush=True)
                print(f"{'':<29} other dependencies {row['dependencies']}; modules with no "
                      f"import either way {row['no_import_share']:.0%}", flush=True)
                if row.get("backtest"):
                    print(f"{'':<29} backtest {json.dumps(row['backtest'], sort_keys=True)}",
                          flush=True)
    if args.json:
        print(json.dumps(rows, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
