"""Analysis settings: defaults and validation of the `[tool.faultline]` table (pure). The
path patterns they hold follow gitignore's rules (`analyzer.patterns`)."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from analyzer.errors import ConfigError

#: Test code, by the names the Python and Django worlds give it: test folders and files
#: (Django's `startapp` writes `tests.py`), helpers and fixture projects only tests import.
#: They change with the code they test by design, so they also stay out of coupling.
TEST_PATTERNS: tuple[str, ...] = (
    "tests",
    "test",
    "testing",
    "test_*",
    "*_tests",
    "testutils",
    "testutils.py",
    "testproject",
    "testapp",
    "tests.py",
    "test.py",
    "test_*.py",
    "tests_*.py",
    "*_test.py",
    "*_tests.py",
    "conftest.py",
)

#: Folders and files left out unless `default_excludes = false`: tests, docs, vendored,
#: generated and environment folders. A pattern without "/" matches a name at any depth.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    *TEST_PATTERNS,
    "docs",
    "doc",
    "examples",
    "vendor",
    "vendored",
    "_vendor",
    "third_party",
    "node_modules",
    "build",
    "dist",
    "site-packages",
    ".*",
    "venv",
    "env",
    "__pycache__",
    "generated",
    "migrations",
    "*_pb2.py",
    "*_pb2_grpc.py",
)


#: Authors whose commits are not counted (fnmatch on the name and on the email).
DEFAULT_BOT_PATTERNS: tuple[str, ...] = (
    "*[[]bot[]]*",  # "[bot]" literally: fnmatch reads brackets as a class
    "*-bot",
    "*-bot@*",
    "dependabot*",
    "renovate*",
    "pre-commit-ci*",
    "github-actions*",
    "snyk-bot*",
)
#: Paths left out of history: vendored, generated, lock files, migrations (gitignore rules:
#: "vendor/" is a vendor folder at any depth, "docs/*" the top-level docs folder's content).
DEFAULT_IGNORE_PATHS: tuple[str, ...] = (
    "vendor/",
    "vendored/*",
    "_vendor/",
    "third_party/*",
    "migrations/",
    "*.lock",
    "*-lock.json",
    "*_pb2.py",
    "*_pb2_grpc.py",
    "generated/",
    "docs/*",
    # Translation catalogs, static assets, fonts and lock files change in sweeps across every
    # app: in co-change they would tie all the apps together, and nobody reads them as coupling.
    "*.po",
    "*.mo",
    "locale/",
    "static/",
    "*.min.js",
    "*.min.css",
    "*.map",
    "*.svg",
    "*.png",
    "*.jpg",
    "*.gif",
    "*.ico",
    "*.woff",
    "*.woff2",
    "*.ttf",
    "*.eot",
    "*.otf",
    "*.pdf",
    "package-lock.json",
    "yarn.lock",
    "poetry.lock",
    "Pipfile.lock",
    "requirements*.txt",
    "requirements/**/*.txt",
)

#: Commits changing more files than this are sweeps (formatting, renames), not coupling.
DEFAULT_MAX_FILES = 30

_NUMBERS = {"max_files": int, "min_shared": int, "min_revisions": float, "min_degree": float,
            "depth": int, "resolution": float, "seed": int, "import_weight": float,
            "cochange_weight": float, "kernel_share": float, "stability_runs": int,
            "containment_weight": float, "string_import_weight": float,
            "model_reference_weight": float, "app_membership_weight": float,
            "reexport_weight": float, "min_boundary_size": int}


@dataclass(frozen=True)
class Range:
    """The values a numeric setting may take: from `low` to `high`, both included unless
    `low_open`. NaN and infinity are never in range."""

    low: float
    high: float
    low_open: bool = False

    def __contains__(self, value: object) -> bool:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):  # not a number, or beyond any float
            return False
        return (math.isfinite(number) and self.low <= number <= self.high
                and not (self.low_open and number == self.low))

    def describe(self, whole: bool) -> str:
        """"a number above 0 and at most 1,000", "a whole number from 1 to 100"."""
        kind = "a whole number" if whole else "a number"
        low, high = (f"{int(bound):,}" if float(bound).is_integer() else f"{bound:g}"
                     for bound in (self.low, self.high))
        if self.low_open:
            return f"{kind} above {low} and at most {high}"
        return f"{kind} from {low} to {high}"


_WEIGHT = Range(0, 1000)
#: The range of every numeric setting, checked in `_checked` for `[tool.faultline]` and the
#: command line alike (the one place; the command-line options take plain numbers). The bounds
#: are where a value stops making sense or would break the arithmetic: a commit of one file
#: has no pair, a share lies in 0..1, weights and sizes stay far from float overflow.
RANGES: dict[str, Range] = {
    "max_files": Range(2, 1_000_000),  # a commit must be able to hold a pair of files
    "min_shared": Range(1, 1_000_000),
    "min_revisions": Range(0, 1_000_000),
    "min_degree": Range(0, 1),  # a share of the revisions
    "depth": Range(1, 100),
    "resolution": Range(0, 1000, low_open=True),
    "seed": Range(0, 2**32 - 1),
    "import_weight": _WEIGHT,
    "cochange_weight": _WEIGHT,
    "containment_weight": _WEIGHT,
    "string_import_weight": _WEIGHT,
    "model_reference_weight": _WEIGHT,
    "app_membership_weight": _WEIGHT,
    "reexport_weight": _WEIGHT,
    "kernel_share": Range(0, 1),  # a share of the other boundaries
    "stability_runs": Range(0, 100),
    "min_boundary_size": Range(1, 1_000_000),
}
assert RANGES.keys() == _NUMBERS.keys()

_GROUPS = ("together", "apart")
_CHOICES = {"level": ("module", "package"), "algorithm": ("leiden", "louvain")}
_OPTIONAL_TEXT = ("rev", "since", "until")


@dataclass(frozen=True)
class Settings:
    """What to analyse and how. Every field can be set in `[tool.faultline]`."""

    packages: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    exclude_type_checking_imports: bool = False
    # History: which commits to read and what to leave out of coupling and hotspots.
    rev: str | None = None
    since: str | None = None
    until: str | None = None
    first_parent: bool = False
    bot_patterns: tuple[str, ...] = DEFAULT_BOT_PATTERNS
    ignore_paths: tuple[str, ...] = DEFAULT_IGNORE_PATHS
    max_files: int = DEFAULT_MAX_FILES
    min_revisions: float = 5
    min_shared: int = 5
    min_degree: float = 0.30
    history: bool = True
    # Boundaries: how to cut (see analyzer.boundaries.BoundaryOptions).
    boundaries: bool = True
    level: str = "module"
    algorithm: str = "leiden"
    depth: int = 2
    resolution: float = 1.0
    seed: int = 0
    import_weight: float = 1.0
    cochange_weight: float = 1.0
    kernel_share: float = 0.5
    stability_runs: int = 4
    # Python's dependencies without an import line, each its own kind of tie.
    containment_weight: float = 0.5
    string_import_weight: float = 1.0
    model_reference_weight: float = 1.0
    app_membership_weight: float = 2.0
    reexport_weight: float = 1.0
    min_boundary_size: int = 4
    together: tuple[tuple[str, ...], ...] = ()
    apart: tuple[tuple[str, ...], ...] = ()

    @property
    def excludes(self) -> tuple[str, ...]:
        """The exclude patterns in force: the defaults (unless turned off), then the user's."""
        return (DEFAULT_EXCLUDES if self.default_excludes else ()) + self.exclude

    def to_dict(self) -> dict[str, object]:
        """Plain, JSON-ready values."""
        return {key: _plain(value) for key, value in asdict(self).items()}

    def updated(self, **changes: object) -> Settings:
        """A copy with the given fields replaced; `None` values leave a field as it is."""
        given = {key: value for key, value in changes.items() if value is not None}
        return replace(self, **_checked(given, source="command-line options"))


def _plain(value: object) -> object:
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


#: Other names a `[tool.faultline]` key may have: the command line's (`--ignore-author`) for
#: the field the file first named after it (`bot-patterns`, still read).
ALIASES: dict[str, str] = {"ignore_author": "bot_patterns"}


def settings_from_table(table: Mapping[str, object]) -> Settings:
    """Settings from a `[tool.faultline]` table; keys may use '-' or '_', and an alias in
    ALIASES stands for its field."""
    source = "[tool.faultline]"
    normalised = {str(key).replace("-", "_"): value for key, value in table.items()}
    for alias, name in ALIASES.items():
        if alias not in normalised:
            continue
        shown, field_shown = alias.replace("_", "-"), name.replace("_", "-")
        if name in normalised:
            raise ConfigError(f"Settings '{shown}' and '{field_shown}' in {source} are one "
                              f"setting under two names; keep '{shown}'.")
        normalised[name] = _string_tuple(shown, normalised.pop(alias), source)
    return Settings(**_checked(normalised, source=source))


def _checked(values: Mapping[str, object], *, source: str) -> dict[str, object]:
    known = {f.name: f for f in fields(Settings)}
    result: dict[str, object] = {}
    for key, value in sorted(values.items()):
        if key not in known:
            names = ", ".join(sorted(name.replace("_", "-") for name in [*known, *ALIASES]))
            raise ConfigError(f"Unknown setting '{key}' in {source}; known settings: {names}.")
        if key in _NUMBERS:
            result[key] = _checked_number(key, value, source=source)
        elif key in _CHOICES:
            if value not in _CHOICES[key]:
                first, second = _CHOICES[key]
                raise ConfigError(f"Setting '{key}' in {source} must be \"{first}\" or "
                                  f"\"{second}\".")
            result[key] = value
        elif key in _GROUPS:
            if not isinstance(value, list | tuple) or not all(
                    isinstance(group, list | tuple) and group
                    and all(isinstance(v, str) for v in group) for group in value):
                raise ConfigError(f"Setting '{key}' in {source} must be a list of lists of "
                                  "module names or globs, e.g. [[\"shop.orders*\", "
                                  "\"shop.cart*\"]].")
            result[key] = tuple(tuple(group) for group in value)
        elif key in _OPTIONAL_TEXT:
            if not isinstance(value, str):
                raise ConfigError(f"Setting '{key}' in {source} must be a string.")
            result[key] = value
        elif isinstance(getattr(Settings(), key), bool):
            if not isinstance(value, bool):
                raise ConfigError(f"Setting '{key}' in {source} must be true or false.")
            result[key] = value
        else:
            result[key] = _string_tuple(key, value, source)
    return result


def _checked_number(key: str, value: object, *, source: str) -> int | float:
    """`value` as the numeric setting `key`, or a ConfigError naming its range (`RANGES`)."""
    kind, allowed = _NUMBERS[key], RANGES[key]
    number = (not isinstance(value, bool) and isinstance(value, int | float)
              and (kind is float or isinstance(value, int)))
    if not number or value not in allowed:
        where = (f"--{key.replace('_', '-')}" if source == "command-line options"
                 else f"Setting '{key}' in {source}")
        raise ConfigError(f"{where} must be {allowed.describe(kind is int)}, not "
                          f"{_shown(value)}.")
    return kind(value)


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."


def _string_tuple(key: str, value: object, source: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"Setting '{key}' in {source} must be a list of strings.")
    return tuple(value)


# Serving the app: what `faultline app` tells the Streamlit process, and when it is exposed.
#: "analyse,write": what an app listening beyond loopback may do (`--allow-analyse/-writes`).
APP_ALLOW_VAR = "FAULTLINE_APP_ALLOW"
#: The repository those may touch.
APP_ROOT_VAR = "FAULTLINE_APP_ROOT"


def is_loopback(address: str) -> bool:
    """Whether a listening address is reachable from this machine only."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False
