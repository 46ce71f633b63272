"""The `faultline` command line: a thin layer over `analyzer.pipeline` and `sample_repos`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from analyzer._version import __version__
from analyzer.cli.base import _Context, _run, add_global_flags, global_flags
from analyzer.cli.write import _analyze_and_write
from analyzer.errors import InputError

# Only what `faultline --help` and an analysis answered from the result cache need is imported
# here; the pipeline, the document and the summary (networkx, igraph, grimp, GitPython, rich's
# tables) are imported by the functions that use them, and the other commands' modules when
# one of them is run or listed (COMMANDS).

#: The commands of the other modules of analyzer.cli: name -> "module:function".
COMMANDS = {
    "adr": "analyzer.cli.adr:adr",
    "app": "analyzer.cli.app:app",
    "backtest": "analyzer.cli.backtest:backtest",
    "baseline": "analyzer.cli.pr:baseline",
    "check": "analyzer.cli.pr:check",
    "evaluate": "analyzer.cli.evaluate:evaluate",
    "export": "analyzer.cli.export:export",
    "init": "analyzer.cli.init:init",
    "pr": "analyzer.cli.pr:pr",
}


class _Group(click.Group):
    """The `faultline` group: the commands of COMMANDS are imported the first time one is
    looked up (run, or listed by `faultline --help`); every command added also takes the
    global flags (`-q`, `--debug`) after its name."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(add_global_flags(cmd), name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            from importlib import import_module

            module, name = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, ...]:
        if args and args[0] not in self.commands and args[0] not in COMMANDS:
            for name in COMMANDS:  # a name no command has: "did you mean" looks at them all
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


EPILOG_ANALYZE = """\b
Examples:
  faultline analyze                      # the repository in the current folder
  faultline analyze ~/src/shop -o out    # write out/analysis.json
  faultline analyze . --exclude 'legacy/*' --package shop
  faultline analyze . --json | jq .summary
  faultline analyze . --since 2024-01-01 --rev main
  faultline analyze . --level package --depth 3 --resolution 1.5
"""


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="faultline")
@global_flags
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Find where a Python monolith could split into services.

    Faultline reads a repository's imports (statically, with grimp: none of its code runs)
    and proposes boundaries with the evidence for each cut.

    \b
    Start with:
      faultline demo                 build a sample monolith and analyse it
      faultline analyze PATH         analyse your repository
      faultline sample --list        sample repositories with planted truth
    """
    ctx.obj = _Context(debug=debug, quiet=quiet)


@cli.command(epilog=EPILOG_ANALYZE)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path),
              help="Folder for analysis.json [default: ./faultline-out, or a folder in the "
                   "user cache when that would be inside the analysed repository].")
@click.option("--package", "packages", multiple=True, metavar="NAME",
              help="Analyse only this top-level package (repeatable).")
@click.option("--source-root", "source_roots", multiple=True, metavar="DIR",
              help="Folder, relative to PATH, that holds the packages (repeatable).")
@click.option("--include", multiple=True, metavar="PATTERN",
              help="Analyse only files matching this gitignore-style pattern (repeatable).")
@click.option("--exclude", multiple=True, metavar="PATTERN",
              help="Leave out files or folders matching this gitignore-style pattern "
                   "(repeatable), after the defaults (tests, docs, vendored, generated); "
                   "'!' takes a path back.")
@click.option("--no-default-excludes", is_flag=True,
              help="Also analyse tests, docs, vendored and generated folders.")
@click.option("--exclude-type-checking-imports", is_flag=True, default=None,
              help="Ignore imports made under `if TYPE_CHECKING:`.")
@click.option("--rev", metavar="REV", help="Branch, tag or range of history to read "
              "[default: HEAD].")
@click.option("--since", metavar="DATE", help="Only commits on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only commits before DATE (YYYY-MM-DD).")
@click.option("--first-parent", is_flag=True, default=None,
              help="Follow only the first parent of merges (squash-merge workflows).")
@click.option("--ignore-author", "bot_patterns", multiple=True, metavar="GLOB",
              help="Leave out commits by matching authors (repeatable; replaces the default "
                   "bot patterns).")
@click.option("--ignore-path", "ignore_paths", multiple=True, metavar="PATTERN",
              help="Leave paths matching this gitignore-style pattern out of history "
                   "(repeatable; replaces the defaults: "
                   "vendored, generated, lock files, migrations, docs).")
@click.option("--max-files", type=int, help="Drop commits changing more files, at least 2 "
              "[default: 30].")
@click.option("--no-history", is_flag=True, help="Imports only: do not read git history.")
@click.option("--no-cache", is_flag=True,
              help="Analyse afresh: read all of the git history again and leave the history "
                   "and result caches alone [cache: $FAULTLINE_CACHE_DIR/history and /results, "
                   "or ~/.cache/faultline/...].")
@click.option("--level", type=click.Choice(["module", "package"]),
              help="Cut modules, or packages --depth names deep [default: module].")
@click.option("--depth", type=int, help="Package depth for --level package, 1 to 100 "
              "[default: 2].")
@click.option("--resolution", type=float,
              help="Community resolution, above 0 and at most 1000: higher gives more, smaller "
                   "boundaries [default: 1].")
@click.option("--seed", type=int, help="Seed of the community detection [default: 0].")
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]),
              help="Community detection: Leiden (igraph) or networkx's Louvain "
                   "[default: leiden].")
@click.option("--import-weight", type=float,
              help="Weight of an import tie, 0 to 1000 [default: 1].")
@click.option("--cochange-weight", type=float,
              help="Weight of co-change (times its degree), 0 to 1000; 0 for imports only "
                   "[default: 1].")
@click.option("--no-boundaries", is_flag=True, help="Do not propose boundaries.")
@click.option("--backtest", is_flag=True,
              help="Also backtest the cut (fit on the first 80 % of the history, count how "
                   "the changes since cross it) and write it as `validation`; a history too "
                   "short for it gives a no-backtest warning instead.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the whole analysis (what analysis.json holds) on stdout instead of "
                   "the summary; the files are written as well.")
@click.pass_obj
def analyze(obj: _Context, path: Path, output: Path | None, packages: tuple[str, ...],
            source_roots: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...],
            no_default_excludes: bool, exclude_type_checking_imports: bool | None,
            rev: str | None, since: str | None, until: str | None, first_parent: bool | None,
            bot_patterns: tuple[str, ...], ignore_paths: tuple[str, ...],
            max_files: int | None, no_history: bool, no_cache: bool, level: str | None,
            depth: int | None, resolution: float | None, seed: int | None,
            algorithm: str | None, import_weight: float | None, cochange_weight: float | None,
            no_boundaries: bool, backtest: bool, as_json: bool) -> None:
    """Analyse the repository at PATH and write analysis.json.

    Settings come from [tool.faultline] in PATH/pyproject.toml; options given here replace them.
    """
    overrides: dict[str, Any] = {
        "packages": packages or None,
        "source_roots": source_roots or None,
        "include": include or None,
        "exclude": exclude or None,
        "default_excludes": False if no_default_excludes else None,
        "exclude_type_checking_imports": exclude_type_checking_imports,
        "rev": rev,
        "since": since,
        "until": until,
        "first_parent": first_parent,
        "bot_patterns": bot_patterns or None,
        "ignore_paths": ignore_paths or None,
        "max_files": max_files,
        "history": False if no_history else None,
        "level": level,
        "depth": depth,
        "resolution": resolution,
        "seed": seed,
        "algorithm": algorithm,
        "import_weight": import_weight,
        "cochange_weight": cochange_weight,
        "boundaries": False if no_boundaries else None,
    }
    _run(obj, lambda: _analyze_and_write(obj, path, output, overrides, as_json,
                                         cache=not no_cache, backtest=backtest))


@cli.command()
@click.argument("name", required=False)
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option("--list", "list_", is_flag=True, help="List the sample scenarios.")
@click.option("--seed", default=0, show_default=True, help="Random seed; same seed, same SHAs.")
@click.option("--truth", type=click.Path(path_type=Path),
              help="Where to write the planted truth [default: DEST.truth.json].")
@click.option("--services", type=int, help="Scale scenario: number of services.")
@click.option("--modules", type=int, help="Scale scenario: number of modules.")
@click.option("--commits", type=int, help="Scale scenario: number of commits.")
@click.option("--cross-rate", type=float, help="Share of imports that cross services (0..0.6).")
@click.pass_obj
def sample(obj: _Context, name: str | None, dest: Path | None, list_: bool, seed: int,
           truth: Path | None, services: int | None, modules: int | None, commits: int | None,
           cross_rate: float | None) -> None:
    """Build the sample monolith NAME as a git repository at DEST.

    The planted truth (services, hidden couplings, hotspots) is written beside DEST,
    never inside it.

    \b
    Examples:
      faultline sample --list
      faultline sample shop /tmp/shop
      faultline sample scale /tmp/big --modules 5000 --commits 50000 --cross-rate 0.1
    """
    import sample_repos

    if list_:
        for scenario, description in sorted(sample_repos.SCENARIOS.items()):
            click.echo(f"{scenario:10} {description}")
        return
    if not name or dest is None:
        raise click.UsageError("Give a scenario NAME and a DEST folder, or --list.")
    options = {"services": services, "modules": modules, "commits": commits,
               "cross_rate": cross_rate}

    def build() -> None:
        truth_path = truth or dest.with_name(dest.name + ".truth.json")
        _refuse_truth_inside(dest, truth_path)
        planted = sample_repos.build(name, dest, seed=seed, progress=obj.progress,
                                     **{k: v for k, v in options.items() if v is not None})
        sample_repos.write_truth(planted, truth_path)
        click.echo(f"Built '{name}' at {dest} ({planted.get('modules')} modules, "
                   f"{planted.get('commits')} commits); truth in {truth_path}")

    _run(obj, _sample_errors(build))


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("faultline-out"),
              show_default=True, help="Folder for analysis.json.")
@click.pass_obj
def demo(obj: _Context, output: Path) -> None:
    """Build the `shop` sample monolith in a temporary folder and analyse it."""
    import tempfile

    import sample_repos

    def run() -> None:
        # A throw-away repository, removed afterwards; caching its history would only leave
        # files behind. The analysis is written outside it (./faultline-out or -o).
        with tempfile.TemporaryDirectory(prefix="faultline-demo-",
                                         ignore_cleanup_errors=True) as scratch:
            dest = Path(scratch) / "shop"
            obj.progress(f"building the shop sample at {dest}")
            sample_repos.build("shop", dest, seed=0, progress=obj.progress)
            _analyze_and_write(obj, dest, output, {}, as_json=False, cache=False)

    _run(obj, _sample_errors(run))


def _refuse_truth_inside(dest: Path, truth: Path) -> None:
    dest_abs, truth_abs = dest.resolve(), truth.resolve()
    if dest_abs in truth_abs.parents:
        raise InputError(f"Truth file '{truth}' would be inside the sample repository; "
                         "put it beside DEST.")


def _sample_errors(action: Callable[[], None]) -> Callable[[], None]:
    """The sample builder's errors, as the CLI's input errors."""
    import sample_repos

    def wrapped() -> None:
        try:
            action()
        except sample_repos.SampleError as error:
            raise InputError(str(error)) from error

    return wrapped


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="faultline")

