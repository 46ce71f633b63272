"""Frozen values that flow through the pipeline: the import graph, the history's findings, the
boundaries and their evidence. No behaviour beyond validation and small derived views."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: The fixed ids of the shared kernel and of the modules with no ties at all.
KERNEL = "kernel"
ISOLATED = "isolated"
#: The clustering algorithms a run may ask for.
ALGORITHMS = ("leiden", "louvain")


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


#: Kinds of dependency beside `import`: a module needs its parent package (importing `a.b.c`
#: runs `a.b` first), a string that names a module, a Django "app_label.Model" reference, a
#: module below a Django app, and a framework entry point: the module a setting names as the
#: root URLconf or the WSGI/ASGI application (it wires the project together).
CONTAINMENT = "containment"
STRING_IMPORT = "string-import"
MODEL_REFERENCE = "model-reference"
APP_MEMBERSHIP = "app-membership"
ENTRY_POINT = "entry-point"
REEXPORT = "re-export"
DEPENDENCY_KINDS = (CONTAINMENT, STRING_IMPORT, MODEL_REFERENCE, APP_MEMBERSHIP, ENTRY_POINT,
                    REEXPORT)


@dataclass(frozen=True, order=True)
class Dependency:
    """A dependency without an import statement: its kind and the lines that make it."""

    importer: str
    imported: str
    kind: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class ImportGraph:
    """The static import graph of the analysed code, and the other dependencies found."""

    modules: tuple[Module, ...]
    imports: tuple[ImportEdge, ...]
    externals: tuple[ExternalUse, ...]
    cycles: tuple[tuple[str, ...], ...]
    warnings: tuple[AnalysisWarning, ...] = ()
    dependencies: tuple[Dependency, ...] = ()


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
    evolution: Evolution | None = None  # when history was read
    decomposition: Decomposition | None = None  # when boundaries were proposed
    #: Python files left out by the default excludes, by kind (migrations, tests).
    left_out: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Revision:
    """One commit, after the git reader's filtering (merges, bots, ignored paths removed).

    `author` is canonical (after .mailmap); `paths` are repo-relative and renames are already
    mapped to the current path.
    """

    sha: str
    author: str
    timestamp: int
    message: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Thresholds:
    """When a co-changing pair counts as coupled (code-maat's defaults).

    `min_revisions` applies to the pair's mean revisions, not to each file. `scaled` and
    `reason` say whether (and why) the values were lowered for a short history.
    """

    min_revisions: float = 5
    min_shared: int = 5
    min_degree: float = 0.30
    max_files: int = 30
    scaled: bool = False
    reason: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_degree <= 1.0:
            raise ValueError(f"min_degree must be within 0..1, not {self.min_degree}")
        if self.min_shared < 1 or self.min_revisions < 0 or self.max_files < 2:
            raise ValueError(
                "thresholds need min_shared >= 1, min_revisions >= 0 and max_files >= 2"
            )

    def to_dict(self) -> dict[str, object]:
        """Plain, JSON-ready values."""
        return asdict(self)


@dataclass(frozen=True)
class CouplingPair:
    """Two files (or modules) that change together; `a < b`.

    degree = shared / mean(revisions_a, revisions_b). `hidden` is set by `mark_hidden`.
    """

    a: str
    b: str
    shared: int
    revisions_a: int
    revisions_b: int
    degree: float
    hidden: bool = False


@dataclass(frozen=True)
class CouplingResult:
    """Everything one counting pass found.

    `pairs` passed the thresholds, sorted by degree desc, shared desc, a, b. `revisions` and
    `sum_of_coupling` cover every counted path (sorted by path). `commits` is the number of
    commits counted; `dropped_large` the number dropped for changing more than max_files files.
    """

    pairs: tuple[CouplingPair, ...]
    revisions: dict[str, int]
    sum_of_coupling: dict[str, int]
    dropped_large: int
    thresholds: Thresholds
    commits: int = 0


@dataclass(frozen=True)
class Hotspot:
    """One scored file; rank 1 is the hottest. `module` is its dotted name when known."""

    path: str
    module: str | None
    revisions: int
    complexity: float
    score: float
    rank: int


@dataclass(frozen=True)
class Ownership:
    """Authorship of one path or package; `authors` sorted by count desc, then name."""

    path_or_package: str
    revisions: int
    authors: tuple[tuple[str, int], ...]
    main_author: str
    main_author_share: float
    bus_factor: int


@dataclass(frozen=True)
class Evolution:
    """History-derived facts, ready for the report."""

    thresholds: Thresholds
    files: CouplingResult
    modules: CouplingResult
    packages: CouplingResult
    hotspots: tuple[Hotspot, ...]
    file_owners: tuple[Ownership, ...]
    package_owners: tuple[Ownership, ...]
    #: Module co-change for the clustering: every pair sharing CLUSTER_MIN_SHARED commits whose
    #: modules both changed CLUSTER_MIN_REVISIONS times, as (a, b, degree, shared); then
    #: (a, b, degree) over the older and the newer half.
    cochange: tuple[tuple[str, str, float, int], ...] = ()
    cochange_halves: tuple[tuple[tuple[str, str, float], ...], ...] = ()


@dataclass(frozen=True)
class Signals:
    """What the cut sees: module names, import pairs (importer, imported), co-change pairs."""

    modules: tuple[str, ...]
    imports: tuple[tuple[str, str], ...]
    cochange: tuple[tuple[str, str, float], ...] = ()
    #: Other dependencies (containment, string imports, model references), already weighted.
    links: tuple[tuple[str, str, float], ...] = ()
    #: (module, the package of the deepest Django app holding it), for modules below an app.
    apps: tuple[tuple[str, str], ...] = ()
    #: Modules a framework setting names as entry points (the root URLconf, the WSGI or ASGI
    #: application): they wire the services together, so they go to the shared kernel.
    roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoundaryOptions:
    """How to cut. `level="package"` clusters packages `depth` names deep instead of modules.

    A module imported from at least `kernel_share` of the other boundaries (and from three or
    more) is a shared-kernel candidate rather than part of one service. `together` lists groups
    of module globs that must stay in one boundary; `apart` groups whose members must not share
    one. `algorithm` is "leiden" (igraph) or "louvain" (networkx); see `effective_algorithm`.
    """

    seed: int = 0
    resolution: float = 1.0
    import_weight: float = 1.0
    cochange_weight: float = 1.0
    level: str = "module"
    depth: int = 2
    kernel_share: float = 0.5
    tries: int = 0
    together: tuple[tuple[str, ...], ...] = ()
    apart: tuple[tuple[str, ...], ...] = ()
    algorithm: str = "leiden"
    min_size: int = 1
    containment_weight: float = 0.5
    string_import_weight: float = 1.0
    model_reference_weight: float = 1.0
    app_membership_weight: float = 2.0
    reexport_weight: float = 1.0

    def __post_init__(self) -> None:
        if self.level not in ("module", "package"):
            raise ValueError(f"level must be 'module' or 'package', not {self.level!r}")
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be 'leiden' or 'louvain', not {self.algorithm!r}")
        if self.resolution <= 0 or self.depth < 1:
            raise ValueError("resolution must be positive and depth at least 1")
        if self.import_weight < 0 or self.cochange_weight < 0:
            raise ValueError("signal weights must not be negative")


@dataclass(frozen=True)
class Tie:
    """Why a module sits where it does: a neighbour in its boundary and the weight joining them."""

    module: str
    weight: float
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Boundary:
    """One candidate service (or the shared kernel, or the modules with no ties at all)."""

    id: str
    name: str
    modules: tuple[str, ...]
    interface: tuple[str, ...]
    kind: str = "service"  # "service", "kernel" or "isolated"


@dataclass(frozen=True)
class Proposal:
    """A partition of the modules into boundaries, with the reasons for each placement."""

    boundaries: tuple[Boundary, ...]
    assignment: dict[str, str]
    reasons: dict[str, tuple[Tie, ...]] = field(default_factory=dict)
    options: BoundaryOptions = BoundaryOptions()


@dataclass(frozen=True, order=True)
class CrossingImport:
    """One import statement that crosses from `source` boundary into `target` boundary."""

    importer: str
    imported: str
    path: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Crossing:
    """Everything that ties boundary `source` to boundary `target` (source depends on target).

    `cochange` sums the co-change degree of module pairs split between the two (counted on the
    pair once, under the alphabetically first boundary as source); `hidden` lists the reported
    hidden couplings between them as (module a, module b, shared commits, degree).
    """

    source: str
    target: str
    imports: tuple[CrossingImport, ...]
    cochange: float
    hidden: tuple[tuple[str, str, int, float], ...]


@dataclass(frozen=True)
class PlanStep:
    """One boundary's extraction work: the imports into it and out of it to replace."""

    boundary: str
    order: int
    incoming: tuple[CrossingImport, ...]
    outgoing: tuple[CrossingImport, ...]
    cochange: float
    cost: float


@dataclass(frozen=True)
class Stability:
    """Per-module confidence and per-boundary stability, with how many re-runs they rest on."""

    confidence: dict[str, float]
    boundaries: dict[str, float]
    runs: int


@dataclass(frozen=True)
class Decomposition:
    """A proposal and everything said about it."""

    proposal: Proposal
    stability: Stability
    crossings: tuple[Crossing, ...]
    cuts: tuple[Crossing, ...]
    plan: tuple[PlanStep, ...]
    metrics: dict[str, float | None]
    boundary_metrics: dict[str, dict[str, float | None]]
    signals: Signals
    cochange_shared: tuple[tuple[str, str, int], ...] = ()
