"""Frozen values that flow through the pipeline. No behaviour beyond small derived views."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Module:
    """A Python module of the analysed code: dotted name, repo-relative path, size."""

    name: str
    path: str
    package: str
    loc: int
    is_package: bool = False
    complexity: float = 0.0


@dataclass(frozen=True, order=True)
class ImportEdge:
    """A direct import between two internal modules, with the line numbers where it happens."""

    importer: str
    imported: str
    lines: tuple[int, ...]


@dataclass(frozen=True, order=True)
class ExternalUse:
    """A module's use of a package from outside the analysed code."""

    module: str
    package: str
    stdlib: bool


@dataclass(frozen=True, order=True)
class AnalysisWarning:
    """Something skipped or degraded; the analysis goes on without it."""

    code: str
    path: str
    message: str


@dataclass(frozen=True)
class ImportGraph:
    """The static import graph of the analysed code."""

    modules: tuple[Module, ...]
    imports: tuple[ImportEdge, ...]
    externals: tuple[ExternalUse, ...]
    cycles: tuple[tuple[str, ...], ...]
    warnings: tuple[AnalysisWarning, ...] = ()


@dataclass(frozen=True)
class RepoInfo:
    """Where the analysed code lives and which commit it is at (None outside git)."""

    path: str
    head: str | None
    branch: str | None


@dataclass(frozen=True)
class HistorySummary:
    """How much history was read, what was dropped and why."""

    commits_read: int
    commits_used: int
    dropped: dict[str, int]
    first: str | None
    last: str | None
    shallow: bool
    options: dict[str, object]


@dataclass(frozen=True)
class Analysis:
    """Everything one run of `faultline analyze` found; the one value read downstream.

    `warnings` holds every warning of the run, the import graph's included.
    """

    repo: RepoInfo
    settings: dict[str, object]
    graph: ImportGraph
    packages: tuple[str, ...]
    source_roots: tuple[str, ...]
    warnings: tuple[AnalysisWarning, ...] = ()
    generated_at: str = ""
    history: HistorySummary | None = None
    evolution: object | None = None  # analyzer.evolution.Evolution, when history was read
    decomposition: object | None = None  # analyzer.decomposition.Decomposition
