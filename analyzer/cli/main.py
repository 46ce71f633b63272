"""The `faultline` command line: a thin layer over `analyzer.pipeline` and `sample_repos`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from analyzer._version import __version__
from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError
from analyzer.files import user_cache_dir, write_atomic
from analyzer.output import resultcache

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
    looked up (run, or listed by `faultline --help`)."""

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
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
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
                   "the changes since cross it) and write it as `validation`.")
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


#: The files `faultline analyze` writes, analysis.json first.
_OUTPUTS = ("analysis.json", "coupling.csv", "hotspots.csv", "ownership.csv")


def _analyze_and_write(obj: _Context, path: Path, output: Path | None,
                       overrides: dict[str, Any], as_json: bool, *, cache: bool = True,
                       backtest: bool = False) -> None:
    """Analyse (or take the result cache's answer for an unchanged repository), write the
    outputs that changed, and print the summary (or, with `as_json`, analysis.json)."""
    from analyzer.code.config import load_settings
    from analyzer.code.discover import check_repo_path

    root = check_repo_path(path)
    settings = load_settings(root).updated(**overrides).to_dict()
    extra = {"backtest": backtest}
    found = resultcache.analysis_key(root, settings, extra=extra) if cache else None
    results = resultcache.results_dir()
    keys = {name: found[0] if name == "analysis.json" else
            resultcache.companion_key(found[0], name) for name in _OUTPUTS} if found else {}
    texts: dict[str, str] = {}
    for name, key in keys.items():
        text = resultcache.load_result(results, key)
        if text is None:
            break
        texts[name] = text
    document = None
    if found and len(texts) == len(_OUTPUTS):
        obj.progress("analysis: the repository is unchanged since a run with these settings "
                     "(result cache)")
        kept = found[0]
    else:
        from analyzer.cli.backtest import run_backtest
        from analyzer.output.document import dumps, to_csv_files, to_document
        from analyzer.pipeline import analyze as run_analysis

        analysis = run_analysis(root, overrides=overrides, progress=obj.progress, cache=cache)
        document = to_document(analysis)
        if backtest:
            obj.progress("backtest")
            document["validation"] = run_backtest(path, settings_overrides=overrides,
                                                  progress=obj.progress, cache=cache)
        texts = {"analysis.json": dumps(document), **to_csv_files(document)}
        # Stored only if no file changed a moment before (racy) or while the analysis ran.
        kept = None
        if found and found[1] and resultcache.analysis_key(root, settings, extra=extra) == found:
            stored = [resultcache.save_result(results, key, texts[name], outside=(root,))
                      for name, key in keys.items()]
            kept = found[0] if all(stored) else None
    folder = _output_folder(root, output)
    target = folder / "analysis.json"
    written = {name: _write_if_changed(folder / name, text) for name, text in texts.items()}
    if as_json:  # the whole document, as analysis.json now holds it
        click.echo(written["analysis.json"], nl=False)
        return
    _print_summary(texts["analysis.json"], document, target,
                   (results, kept, (root,)) if kept else None)


def _print_summary(text: str, document: dict[str, Any] | None, target: Path,
                   store: tuple[Path, str, tuple[Path, ...]] | None) -> None:
    """Print the summary of the analysis.json `text` (`document`, once parsed).

    With `store` (the result cache folder, the key the analysis is kept under and the folders
    the cache must stay out of), the summary as printed is kept beside the analysis, under a
    key that also holds the target and everything about the terminal that shapes how rich
    lays it out (width, colours, encoding): an unchanged repository gets it back as it is,
    without parsing the analysis or laying out a table."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    key = _summary_key(console, store[1], target) if store else None
    if key is not None:
        assert store is not None
        kept = resultcache.load_result(store[0], key)
        if kept is not None:
            console.file.write(kept)
            console.file.flush()
            return
    from analyzer.output.summary import print_summary

    if document is None:
        document = json.loads(text)
    if key is None:
        print_summary(document, target, console)
        return
    assert store is not None
    with console.capture() as captured:
        print_summary(document, target, console)
    shown = captured.get()
    console.file.write(shown)
    console.file.flush()
    resultcache.save_result(store[0], key, shown, outside=store[2])


def _summary_key(console: Any, key: str, target: Path) -> str | None:
    """The key of the summary of the analysis under `key`, printed on `console` with `target`
    named; None where rich writes other than it captures (a legacy Windows console, Jupyter)."""
    if console.legacy_windows or console.is_jupyter:
        return None
    facts = json.dumps([str(target), console.width, console.height, console.color_system,
                        console.no_color, console.is_terminal, console.is_dumb_terminal,
                        console.encoding, console.options.ascii_only,
                        console.options.max_height], separators=(",", ":"))
    return resultcache.companion_key(key, f"summary {facts}")


def _write_if_changed(target: Path, text: str) -> str:
    """Write `target` unless it holds `text` already (analysis.json: apart from generated_at);
    the text the file holds afterwards."""
    old = None
    if target.is_file():  # a regular file; never read a FIFO or a device to compare
        try:
            data = target.read_bytes()
        except OSError:
            data = None
        if data is not None and data == text.encode("utf-8"):
            return text  # the same bytes (what the cache's answer usually finds)
        try:
            old = data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            old = None
    if old is not None and (resultcache.unchanged(old, text) if target.name == "analysis.json"
                            else old == text):
        return old
    write_atomic(target, text)
    return text


def _output_folder(repo: Path, output: Path | None) -> Path:
    """The given folder, or ./faultline-out unless that lies inside the analysed repo."""
    if output is not None:
        if output.exists() and not output.is_dir():
            raise InputError(f"Output '{output}' is a file; give a folder for -o.")
        return output
    default = Path("faultline-out").resolve()
    if default == repo or repo in default.parents:
        return user_cache_dir() / "out" / repo.name
    return default


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

