"""`faultline backtest`: would the proposed cut have held on the commits that came after it?

The adapter around `analyzer.boundaries.backtest` (QUALITY.md, "Backtest"): it reads the
history once, picks a cut-off commit T, proposes boundaries from the history up to T with the
code as it is now (the work tree), and scores the proposal, the package tree and the declared
apps on the commits after T.

    history   = the commits the analysis counts (merges, bots, ignored-only and oversized
                commits left out, as in `faultline analyze`), oldest first, n of them
    T         = history[ceil(share * n) - 1], or the newest commit dated at or before --at
    before    = the commits `git log T` reaches (what the proposal is made from)
    after     = the other commits of the history: each is scored as the set of analysed
                modules (module path = repo-relative path) it touched
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError

if TYPE_CHECKING:
    from analyzer.history.coupling import Revision
    from analyzer.history.log import HistoryOptions
    from analyzer.settings import Settings

# The pipeline and git's adapters are imported where they are used: `faultline --help` and the
# other commands do without them.

DEFAULT_SHARE = 0.8
#: Commits needed on each side of the cut-off for the figures to mean anything.
MIN_COMMITS = 10
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?$")
_RANGE = re.compile(r"^(.*?)(\.\.\.?)(.*)$")

EPILOG = """\b
Examples:
  faultline backtest                      # cut at 80 % of the history, score the rest
  faultline backtest ~/src/shop --share 0.7
  faultline backtest . --at 2024-06-30 --json | jq .partitions.proposal.lift
"""


def run_backtest(path: str | Path, *, share: float = DEFAULT_SHARE, at: str | None = None,
                 seed: int = 0, settings_overrides: Mapping[str, object] | None = None,
                 progress: Callable[[str], None] | None = None,
                 cache: bool = True) -> dict[str, Any]:
    """The backtest of the repository at `path`, as the JSON-ready dict `--json` prints.

    `share` (0 < share < 1) places the cut-off in the history; `at` (YYYY-MM-DD, optionally
    with a time; UTC unless a zone is given; a bare date means the whole day) picks the newest
    commit dated at or before it instead. `seed` seeds the random partitions;
    `settings_overrides` replace the repo's `[tool.faultline]` settings as in `analyze`.
    Raises InputError (one line) when the history cannot carry a backtest.
    """
    from analyzer.boundaries.backtest import backtest as backtest_figures
    from analyzer.boundaries.decomposition import Decomposition
    from analyzer.code.config import load_settings
    from analyzer.code.discover import check_repo_path
    from analyzer.history.log import read_history
    from analyzer.pipeline import analyze

    say = progress or (lambda _message: None)
    if not 0 < share < 1:
        raise InputError(f"--share {share} must lie strictly between 0 and 1.")
    root = check_repo_path(Path(path))
    overrides = {k: v for k, v in dict(settings_overrides or {}).items() if v is not None}
    options = history_options(load_settings(root).updated(**overrides))
    history = read_history(root, options, progress=say, cache=cache)
    if any(w.code == "not-a-git-repo" for w in history.warnings):
        raise InputError(f"'{path}' is not in a git repository; the backtest needs its history.")
    ordered = list(reversed(history.changes))
    cutoff = cutoff_at(ordered, parse_at(at)) if at is not None else cutoff_by_share(ordered,
                                                                                      share)
    upto = revision_upto(options.rev, cutoff.sha)
    known = {c.sha for c in read_history(root, replace(options, rev=upto), cache=cache).changes}
    after = [c for c in ordered if c.sha not in known]
    if len(known) < MIN_COMMITS or len(after) < MIN_COMMITS:
        raise InputError(
            f"Not enough history for a backtest: {len(known)} counted commits up to the cut-off "
            f"{cutoff.sha[:10]} and {len(after)} after it; each side needs {MIN_COMMITS}.")
    say(f"cut-off {cutoff.sha[:10]}: {len(known)} commits before, {len(after)} after")
    analysis = analyze(root, overrides={**overrides, "rev": upto, "history": True,
                                        "boundaries": True}, progress=say, cache=cache)
    decomposition = analysis.decomposition
    if not isinstance(decomposition, Decomposition):
        raise InputError(f"No boundaries could be proposed for '{path}' (no analysed modules).")
    module_of = {m.path: m.name for m in analysis.graph.modules}
    changes = [sorted({module_of[p] for p in c.paths if p in module_of}) for c in after]
    result = backtest_figures(changes, decomposition.proposal.assignment,
                              declared_apps(sorted(module_of.values())), seed)
    result["cutoff"] = {
        "sha": cutoff.sha, "date": _iso(cutoff.timestamp), "share": share if at is None else None,
        "at": at, "before": len(known), "after": len(after), "history": len(ordered),
    }
    return result


def history_options(settings: Settings) -> HistoryOptions:
    """The history the analysis reads, from the settings (as `analyzer.pipeline` builds it)."""
    from analyzer.history.log import HistoryOptions

    return HistoryOptions(
        rev=settings.rev, since=settings.since, until=settings.until,
        first_parent=settings.first_parent, bot_patterns=settings.bot_patterns,
        ignore_paths=settings.ignore_paths, max_files=settings.max_files,
    )


def cutoff_by_share(ordered: Sequence[Revision], share: float) -> Revision:
    """The commit at `share` of the history, oldest first: ordered[ceil(share * n) - 1]."""
    if not ordered:
        raise InputError("Not enough history for a backtest: no counted commits.")
    index = math.ceil(round(share * len(ordered), 9)) - 1
    return ordered[min(max(index, 0), len(ordered) - 1)]


def cutoff_at(ordered: Sequence[Revision], at: int) -> Revision:
    """The newest commit (by author date; ties: the later in the history) dated <= `at`."""
    dated = [(c.timestamp, i) for i, c in enumerate(ordered) if c.timestamp <= at]
    if not dated:
        raise InputError(f"No counted commit is dated at or before {_iso(at)}.")
    return ordered[max(dated)[1]]


def parse_at(value: str) -> int:
    """--at as a Unix time: a bare date is the end of that day; no zone means UTC."""
    if not _DATE.match(value):
        raise InputError(f"--at '{value}' is not a date; use YYYY-MM-DD "
                         "(optionally with a time, e.g. 2024-05-01T12:00).")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InputError(f"--at '{value}' is not a valid date ({error}).") from error
    if len(value) == 10:
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def revision_upto(rev: str | None, sha: str) -> str:
    """The settings' revision ending at `sha`: `sha`, or `base..sha` for a range `base..tip`."""
    match = _RANGE.match(rev or "")
    return f"{match[1]}{match[2]}{sha}" if match and match[1] else sha


def declared_apps(modules: Sequence[str]) -> dict[str, str] | None:
    """Module -> declared app (QUALITY.md, "the app truth": apps with fewer than 3 analysed
    modules left out), None when this version of Faultline has no app truth."""
    from analyzer.boundaries import evaluation

    truth_from_apps = getattr(evaluation, "truth_from_apps", None)
    if truth_from_apps is None:
        return None
    apps = dict(truth_from_apps(modules))
    drop_small_apps = getattr(evaluation, "drop_small_apps", None)
    if drop_small_apps is not None:
        apps = dict(drop_small_apps(apps))
    return apps or None


def render(result: Mapping[str, Any]) -> list[str]:
    """The table and the verdict, as lines of text."""
    cut = result["cutoff"]
    lines = [f"cut-off {cut['sha'][:10]} ({cut['date'][:10]}): proposal from {cut['before']} "
             f"commits, scored on the {cut['after']} after it",
             f"{'partition':18} {'groups':>6} {'counted':>8} {'crossing share':>15} "
             f"{'random share':>13} {'lift':>7}"]
    for name, row in result["partitions"].items():
        label = f"package tree (d{row['depth']})" if name == "package_tree" else name
        lines.append(f"{label:18} {row['groups']:>6} {row['counted']:>8} "
                     f"{_fmt(row['share']):>15} {_fmt(row['random_share']):>13} "
                     f"{_fmt(row['lift']):>7}")
    verdict = {True: "yes", False: "no", None: "undefined"}[result["proposal_beats_package_tree"]]
    lines.append(f"the proposal's lift beats the package tree's: {verdict}")
    return lines


@click.command("backtest", epilog=EPILOG)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--at", metavar="DATE", help="Cut at the newest commit dated at or before DATE "
              "(YYYY-MM-DD[THH:MM], UTC unless a zone is given).")
@click.option("--share", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help=f"Cut at this share of the history, oldest first [default: {DEFAULT_SHARE}].")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random partitions.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def backtest(obj: _Context, path: Path, at: str | None, share: float | None, seed: int,
             as_json: bool) -> None:
    """Would the cut have held? Propose boundaries from the history up to a cut-off and count
    how often the commits after it cross them.

    Crossing share = changes touching two or more services / changes touching any (kernel and
    isolated modules set aside); lift = 1 - share / share of random partitions with the same
    group sizes (mean of 5). The proposal earns its keep when its lift beats the package
    tree's (cut at the depth closest to the proposal's number of services).

    Only the history is cut: the code is read as it is now (the work tree), so the imports
    the proposal sees include those added after the cut-off.
    """
    if at is not None and share is not None:
        raise click.UsageError("Give --at DATE or --share, not both.")

    def run() -> None:
        if at is not None:
            parse_at(at)  # a date that is none is said in one line, before git is read
        result = run_backtest(path, share=DEFAULT_SHARE if share is None else share, at=at,
                              seed=seed, progress=obj.progress)
        if as_json:
            click.echo(json.dumps(result, indent=2, sort_keys=True))
        else:
            click.echo("\n".join(render(result)))

    _run(obj, run)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()

