"""The one place where adapters and pure steps are wired together: `analyze`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from analyzer import aside
from analyzer.boundaries.cut import BoundaryOptions
from analyzer.boundaries.decomposition import decompose
from analyzer.boundaries.refine import unit_of
from analyzer.code.config import load_settings
from analyzer.code.discover import check_repo_path, discover
from analyzer.code.imports import build_import_graph
from analyzer.history.coupling import Thresholds
from analyzer.history.evolution import evolve
from analyzer.history.log import History, HistoryOptions, check_options, read_history
from analyzer.history.repo import read_repo_info
from analyzer.model import Analysis, AnalysisWarning, HistorySummary, ImportGraph
from analyzer.settings import Settings

Progress = Callable[[str], None]


def analyze(
    path: str | Path = ".",
    *,
    overrides: Mapping[str, object] | None = None,
    progress: Progress | None = None,
    cache: bool = True,
    history_from: str | Path | None = None,
    second_process: bool = True,
) -> Analysis:
    """Analyse the repository at `path` without changing it or running any of its code.

    `overrides` replaces settings from the repo's `[tool.faultline]` (None values are ignored).
    `cache=False` neither reads nor writes the history and scan caches (the result is the
    same).
    `history_from` reads the git history from that repository instead of the one holding
    `path` (for a commit's tree exported to a folder outside git, as `faultline pr` does).
    `second_process=False` never forks (`analyzer.aside`): for a server with threads.
    """
    say = progress or (lambda _message: None)
    root = check_repo_path(Path(path))
    settings = load_settings(root).updated(**dict(overrides or {}))
    options = _history_options(settings)
    check_options(options)
    # git log runs in its own process: read it while the code is scanned (its progress is
    # passed on after the code's, in the order it always had).
    history_job = _Ahead(lambda tell: read_history(
        Path(history_from) if history_from else root, options, progress=tell, cache=cache)
    ) if settings.history else None
    say("discovering packages")
    layout = discover(root, settings, cache=cache, gitignore=history_from is None)
    graph = build_import_graph(
        layout,
        exclude_type_checking_imports=settings.exclude_type_checking_imports,
        progress=say,
        cache=cache,
    )
    warnings = list(layout.warnings + graph.warnings)
    summary = evolution = None
    if history_job is not None:
        history = history_job.result(say)
        warnings.extend(history.warnings)
        summary = HistorySummary(
            commits_read=history.commits_read, commits_used=history.commits_used,
            dropped=history.dropped, first=history.first, last=history.last,
            shallow=history.shallow,
            options={"rev": options.rev, "since": options.since, "until": options.until,
                     "first_parent": options.first_parent, "merges": "skipped"},
        )
        if history.changes:
            say("coupling, ownership and hotspots")
            evolution = evolve(graph, history.changes, Thresholds(
                min_revisions=settings.min_revisions, min_shared=settings.min_shared,
                min_degree=settings.min_degree, max_files=settings.max_files))
    decomposition = None
    if settings.boundaries and graph.modules:
        say("proposing boundaries")
        options = boundary_options(settings)
        decomposition = decompose(graph, evolution, options,
                                  stability_seeds=settings.stability_runs,
                                  elsewhere=aside.start if second_process else None)
        warnings.extend(_one_unit(graph, options))
    return Analysis(
        repo=read_repo_info(root),
        settings=settings.to_dict(),
        graph=graph,
        packages=tuple(sorted({p.name for p in layout.packages})),
        source_roots=layout.source_roots,
        warnings=tuple(sorted(warnings)),
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        history=summary,
        evolution=evolution,
        decomposition=decomposition,
        left_out=layout.left_out,
    )


class _Ahead:
    """`work(progress)` started in a thread now; `result(say)` waits for it, passing on its
    progress messages (those said so far, then the rest as they come, all from the caller's
    thread), and returns its value or raises its error."""

    def __init__(self, work: Callable[[Progress], History]) -> None:
        self._messages: list[str] = []
        self._outcome: list[History | BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True,
                                        name="faultline-history")
        self._thread.start()

    def _run(self, work: Callable[[Progress], History]) -> None:
        try:
            self._outcome.append(work(self._messages.append))
        except BaseException as error:  # handed to the caller's thread
            self._outcome.append(error)

    def result(self, say: Progress) -> History:
        shown = 0
        while True:  # messages go on live while it works, from the caller's thread
            self._thread.join(timeout=0.05)
            finished = not self._thread.is_alive()
            while shown < len(self._messages):
                say(self._messages[shown])
                shown += 1
            if finished:
                break
        (outcome,) = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def _one_unit(graph: ImportGraph, options: BoundaryOptions) -> list[AnalysisWarning]:
    """A warning when `--level package` leaves a single package to cut: nothing to split."""
    units = {unit_of(m.name, options) for m in graph.modules}
    if options.level != "package" or len(units) > 1:
        return []
    return [AnalysisWarning(
        "one-package", ".", f"At --depth {options.depth} every module is in one package "
        f"({next(iter(units))}): there is nothing to cut; use a larger --depth, or the module "
        "level.")]


def boundary_options(settings: Settings) -> BoundaryOptions:
    """The cut's options from the settings."""
    return BoundaryOptions(
        seed=settings.seed, resolution=settings.resolution,
        import_weight=settings.import_weight, cochange_weight=settings.cochange_weight,
        level=settings.level, depth=settings.depth, kernel_share=settings.kernel_share,
        together=settings.together, apart=settings.apart, algorithm=settings.algorithm,
        min_size=settings.min_boundary_size, containment_weight=settings.containment_weight,
        string_import_weight=settings.string_import_weight,
        model_reference_weight=settings.model_reference_weight,
        app_membership_weight=settings.app_membership_weight,
        reexport_weight=settings.reexport_weight,
    )


def _history_options(settings: Settings) -> HistoryOptions:
    return HistoryOptions(
        rev=settings.rev, since=settings.since, until=settings.until,
        first_parent=settings.first_parent, bot_patterns=settings.bot_patterns,
        ignore_paths=settings.ignore_paths, max_files=settings.max_files,
    )
