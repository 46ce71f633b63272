"""`faultline init`: a commented `[tool.faultline]` section in the analysed repository's
pyproject.toml, with every setting, its default, and the command-line option that sets it."""

from __future__ import annotations

import textwrap
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import click

from analyzer.cli.base import _Context, _run
from analyzer.errors import ConfigError, InputError
from analyzer.files import write_atomic
from analyzer.settings import ALIASES, Settings

EPILOG = """\b
Examples:
  faultline init                 # ./pyproject.toml: add the section, or create the file
  faultline init ~/src/shop      # that repository's pyproject.toml
  faultline init --print         # show the section; write nothing
"""


@dataclass(frozen=True)
class Key:
    """One `[tool.faultline]` key: its name in the file, the Settings field it sets, the
    command-line option of `faultline analyze` that replaces it (None: file only), and what
    it does."""

    name: str
    field: str
    option: str | None
    help: str
    example: str | None = None  # shown for a setting that is unset by default


#: Every setting, in the order the section lists them, grouped. The file's name for a field is
#: the command line's where the two differ (`ignore-author`; ALIASES keeps the old name).
GROUPS: tuple[tuple[str, tuple[Key, ...]], ...] = (
    ("What to analyse", (
        Key("packages", "packages", "--package NAME",
            "top-level packages to analyse; empty: every package found"),
        Key("source-roots", "source_roots", "--source-root DIR",
            "folders holding the packages; empty: found (., src, lib, python, and nested "
            "folders the code's own imports resolve from)"),
        Key("include", "include", "--include PATTERN",
            "analyse only the files matching these gitignore-style patterns; empty: all"),
        Key("exclude", "exclude", "--exclude PATTERN",
            "leave out files or folders matching these gitignore-style patterns, after the "
            "defaults (so `!` can take a default back)"),
        Key("default-excludes", "default_excludes", "--no-default-excludes",
            "also leave out tests, docs, examples, vendored, generated, build and "
            "environment folders, migrations and *_pb2.py"),
        Key("exclude-type-checking-imports", "exclude_type_checking_imports",
            "--exclude-type-checking-imports", "ignore imports under `if TYPE_CHECKING:`"),
    )),
    ("History: which commits to read and what they count for", (
        Key("history", "history", "--no-history", "read git history (false: imports only)"),
        Key("rev", "rev", "--rev REV", "branch, tag or range of history to read; unset: HEAD",
            example='"main"'),
        Key("since", "since", "--since DATE", "only commits on or after this date; unset: all",
            example='"2024-01-01"'),
        Key("until", "until", "--until DATE", "only commits before this date; unset: all",
            example='"2025-01-01"'),
        Key("first-parent", "first_parent", "--first-parent",
            "follow only the first parent of merges (squash-merge workflows)"),
        Key("ignore-author", "bot_patterns", "--ignore-author GLOB",
            "leave out commits by authors matching these patterns (name or email); "
            "replaces the default bot patterns; also read as `bot-patterns`"),
        Key("ignore-paths", "ignore_paths", "--ignore-path PATTERN",
            "leave paths matching these gitignore-style patterns out of history; replaces "
            "the defaults"),
        Key("max-files", "max_files", "--max-files N",
            "drop commits changing more files than this (sweeps, renames), at least 2"),
        Key("min-revisions", "min_revisions", None,
            "co-change: the two files' mean number of revisions must reach this (scaled "
            "down for a short history)"),
        Key("min-shared", "min_shared", None,
            "co-change: the two files must change together in at least this many commits "
            "(scaled down for a short history)"),
        Key("min-degree", "min_degree", None,
            "co-change: the share of their revisions the two files share, 0 to 1"),
    )),
    ("Boundaries: how to cut", (
        Key("boundaries", "boundaries", "--no-boundaries",
            "propose boundaries (false: the graph and history only)"),
        Key("level", "level", "--level module|package",
            "cut modules, or packages `depth` names deep"),
        Key("depth", "depth", "--depth N", "package depth for level = \"package\", 1 to 100"),
        Key("algorithm", "algorithm", "--algorithm leiden|louvain",
            "community detection: Leiden (igraph) or networkx's Louvain"),
        Key("resolution", "resolution", "--resolution X",
            "above 0 and at most 1000: higher gives more, smaller boundaries"),
        Key("seed", "seed", "--seed N", "seed of the community detection, 0 to 2^32-1"),
        Key("import-weight", "import_weight", "--import-weight X",
            "weight of an import tie, 0 to 1000"),
        Key("cochange-weight", "cochange_weight", "--cochange-weight X",
            "weight of co-change (times its degree), 0 to 1000; 0: imports alone"),
        Key("containment-weight", "containment_weight", None,
            "weight of a module's tie to its parent package (importing a.b.c runs a.b), "
            "0 to 1000"),
        Key("string-import-weight", "string_import_weight", None,
            "weight of a module named in a string (importlib, settings), 0 to 1000"),
        Key("model-reference-weight", "model_reference_weight", None,
            "weight of a Django model referenced by name (\"app.Model\"), 0 to 1000"),
        Key("app-membership-weight", "app_membership_weight", None,
            "weight of a module's tie to the Django app that holds it (Django's app registry "
            "counts it as that app's), 0 to 1000"),
        Key("reexport-weight", "reexport_weight", None,
            "weight of a name taken through a package that passes it on (`from shop import "
            "models` then `models.Book`) on the module defining it, 0 to 1000"),
        Key("kernel-share", "kernel_share", None,
            "a module imported from at least this share of the other boundaries is shared "
            "kernel, 0 to 1"),
        Key("stability-runs", "stability_runs", None,
            "re-runs with other seeds that measure each boundary's stability, 0 to 100"),
        Key("min-boundary-size", "min_boundary_size", None,
            "smaller boundaries (at most a twentieth of the modules) join the one they are "
            "most tied to"),
        Key("together", "together", None,
            'groups of module globs that must stay in one boundary, e.g. [["shop.orders*", '
            '"shop.cart*"]]'),
        Key("apart", "apart", None,
            'groups of module globs that must not share a boundary, e.g. [["shop.billing*", '
            '"shop.auth*"]]'),
    )),
)
KEYS: tuple[Key, ...] = tuple(key for _title, keys in GROUPS for key in keys)
assert sorted(k.field for k in KEYS) == sorted(f.name for f in fields(Settings))
assert all(k.name.replace("-", "_") in ({k.field} | set(ALIASES)) for k in KEYS)

_WIDTH = 92  # of a wrapped list of defaults


def toml_value(value: object) -> str:
    """A default as TOML: strings quoted (basic strings, escaped), lists bracketed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _commented(key: Key, value: object) -> list[str]:
    """The key's lines, commented out: what it does (wrapped) and its option, then
    `# name = default`."""
    where = " [" + (key.option or "file only").replace(" ", "\xa0") + "]"  # kept on one line
    lines = [line.replace("\xa0", " ") for line in textwrap.wrap(
        key.help[0].upper() + key.help[1:] + "." + where, _WIDTH, initial_indent="# ",
        subsequent_indent="#   ", break_on_hyphens=False, break_long_words=False)]
    if value is None:  # unset: an example of a value
        return [*lines, f"# {key.name} = {key.example}"]
    text = f"# {key.name} = {toml_value(value)}"
    if len(text) <= _WIDTH or not isinstance(value, tuple):
        return [*lines, text]
    lines.append(f"# {key.name} = [")
    row = "#    "
    for item in value:
        piece = f" {toml_value(item)},"
        if len(row) + len(piece) > _WIDTH:
            lines.append(row)
            row = "#    "
        row += piece
    return [*lines, row, "# ]"]


def section_text() -> str:
    """The commented `[tool.faultline]` section: every key with its default."""
    defaults = Settings()
    lines = [
        "[tool.faultline]",
        "# Faultline's settings (`faultline init` wrote this). Every key is shown with its",
        "# default, commented out: uncomment a line to change it. Options given to",
        "# `faultline analyze` replace these for one run; keys may use - or _.",
    ]
    for title, keys in GROUPS:
        lines += ["", f"# -- {title}"]
        for key in keys:
            lines += _commented(key, getattr(defaults, key.field))
    return "\n".join(lines) + "\n"


def has_section(text: str, where: Path) -> bool:
    """Whether the pyproject text already holds `[tool.faultline]`; a ConfigError when it is
    not valid TOML (then nothing is written)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"'{where}' is not valid TOML ({error}); fix it, then run "
                          "`faultline init` again.") from error
    tool = document.get("tool")
    return isinstance(tool, dict) and "faultline" in tool


def with_section(text: str) -> str:
    """`text` with the section appended after a blank line, in the file's own line ends."""
    newline = "\r\n" if "\r\n" in text else "\n"
    section = section_text().replace("\n", newline)
    if not text.strip():
        return section
    return text + ("" if text.endswith(("\n", "\r")) else newline) + newline + section


@click.command(epilog=EPILOG)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--print", "print_only", is_flag=True,
              help="Print the section on stdout instead of writing it.")
@click.pass_obj
def init(obj: _Context, path: Path, print_only: bool) -> None:
    """Add a commented [tool.faultline] section to PATH/pyproject.toml.

    Every setting is listed with its default and the `faultline analyze` option that replaces
    it, commented out. A pyproject.toml that already has [tool.faultline] is left as it is
    (never overwritten); a missing one is created.
    """

    def run() -> None:
        if print_only:
            click.echo(section_text(), nl=False)
            return
        if not path.is_dir():
            raise InputError(f"'{path}' is not a folder; give the repository's folder.")
        target = path / "pyproject.toml"
        if target.exists() and not target.is_file():
            raise InputError(f"'{target}' is not a file.")
        existed = target.is_file()
        old = target.read_bytes() if existed else b""
        try:
            text = old.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ConfigError(f"'{target}' is not UTF-8 text; fix it, then run `faultline "
                              "init` again.") from error
        if has_section(text, target):
            click.echo(f"{target} already has [tool.faultline]; left as it is "
                       "(`faultline init --print` shows every key).", err=True)
            return
        new = with_section(text)
        try:
            added = tomllib.loads(new).get("tool", {}).get("faultline")
        except (tomllib.TOMLDecodeError, AttributeError):
            added = None
        if added != {}:  # e.g. `tool = {...}` as an inline table, which cannot be extended
            raise ConfigError(f"[tool.faultline] cannot be appended to '{target}' as it is "
                              "written (an inline `tool` table?); add the section by hand: "
                              "`faultline init --print`.")
        write_atomic(target, new.encode("utf-8"))
        verb = "Added [tool.faultline] to" if existed else "Created"
        click.echo(f"{verb} {target}: every setting with its default, commented out.")

    _run(obj, run)
