"""Data shared by the scenario generators: modules, files, steps and planted truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sample_repos.people import Person

# Module roles.
NORMAL = "normal"
HOTSPOT = "hotspot"
COMPLEX_STABLE = "complex_stable"
SIMPLE_CHURNY = "simple_churny"
KERNEL = "kernel"
INIT = "init"
MIGRATION = "migration"

# Import styles.
FROM_SYMBOL = "from_symbol"  # from shop.domain.invoice import Invoice
IMPORT_MODULE = "import_module"  # import shop.domain.invoice
FROM_PACKAGE = "from_package"  # from shop.domain import invoice
RELATIVE = "relative"  # from . import invoice

# File operations applied by a step.
CREATE = "create"
EDIT = "edit"
LINT = "lint"
RENAME = "rename"
FORMAT_ALL = "format_all"

# Step kinds that are noise for coupling analysis, and the bot ones among them.
FORMAT = "format"
PRECOMMIT = "precommit"
DEPENDABOT = "dependabot"
VENDOR = "vendor"
MERGE = "merge"
FEATURE = "feature"
NOISE_KINDS = frozenset({FORMAT, PRECOMMIT, DEPENDABOT, VENDOR, MERGE})
BOT_KINDS = frozenset({PRECOMMIT, DEPENDABOT})


@dataclass(frozen=True)
class ImportRef:
    """One first-party import written at the top of a module."""

    module: str
    symbol: str
    kind: str
    style: str

    @property
    def leaf(self) -> str:
        return self.module.rpartition(".")[2]

    def line(self) -> str:
        parent, _, leaf = self.module.rpartition(".")
        if self.style == FROM_SYMBOL:
            return f"from {self.module} import {self.symbol}"
        if self.style == IMPORT_MODULE:
            return f"import {self.module}"
        if self.style == FROM_PACKAGE:
            return f"from {parent} import {leaf}"
        return f"from . import {leaf}"

    def expr(self) -> str:
        """Expression that names the imported symbol in the importing module."""
        if self.style == FROM_SYMBOL:
            return self.symbol
        if self.style == IMPORT_MODULE:
            return f"{self.module}.{self.symbol}"
        return f"{self.leaf}.{self.symbol}"

    def use(self, arg: str) -> str:
        """Expression that calls into the imported symbol."""
        if self.kind == "class":
            return f"{self.expr()}.lookup({arg})"
        return f"{self.expr()}({arg})"


@dataclass
class Module:
    """A Python module under the scenario's package."""

    dotted: str
    path: str
    layer: str
    service: str | None
    symbol: str
    kind: str  # "class", "func", "init" or "migration"
    doc: str
    created: float
    role: str = NORMAL
    imports: list[ImportRef] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    test: str | None = None
    fid: str = ""

    def __post_init__(self) -> None:
        if not self.fid:
            self.fid = self.path

    @property
    def basename(self) -> str:
        return self.dotted.rpartition(".")[2]


@dataclass(frozen=True)
class FileDef:
    """A file of the repository: its stable id (first path) and how to render it.

    ``render(rev, formatted, lint)`` returns the text for a revision number (1 on
    creation), whether the code formatter has run on it, and how many lint fixes
    a bot has applied to it.
    """

    fid: str
    render: Callable[[int, bool, int], str]
    formattable: bool = False


@dataclass(frozen=True)
class Op:
    """One file operation of a step."""

    verb: str
    fid: str = ""
    arg: str = ""


@dataclass
class Step:
    """One commit of the planned history."""

    key: float
    kind: str
    author: Person
    message: str
    ops: list[Op]
    team: str | None = None
    branch: str | None = None
    when: int = 0

    def fids(self) -> list[str]:
        return [op.fid for op in self.ops if op.fid]


@dataclass
class Plant:
    """Planted ground truth that the history planner has to honour."""

    hotspots: list[str] = field(default_factory=list)
    complex_stable: list[str] = field(default_factory=list)
    simple_churny: list[str] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    renamed: tuple[str, str] | None = None
    lint_targets: list[str] = field(default_factory=list)
    revisions: dict[str, int] = field(default_factory=dict)


@dataclass
class Design:
    """Everything needed to write a scenario's repository and its truth."""

    scenario: str
    seed: int
    options: dict[str, int | float]
    package: str
    services: list[str]
    modules: list[Module]
    files: list[FileDef]
    steps: list[Step]
    plant: Plant
    vendored: list[str]
    aliases: dict[str, list[str]]
    # Scenario-specific truth: extra top-level keys, and step kinds listed under "noise"
    # (step kind -> key, e.g. "translations" -> "translation_commits").
    extra_truth: dict[str, object] = field(default_factory=dict)
    noise_kinds: dict[str, str] = field(default_factory=dict)
