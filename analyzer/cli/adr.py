"""`faultline adr`: write the proposed boundaries up as architecture decision records."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError

if TYPE_CHECKING:
    from analyzer.decisions.writer import Outcome

# The records, the writer and the pipeline are imported where they are used: `faultline --help`
# and the other commands do without them.

EPILOG = """\b
Examples:
  faultline adr                              # analyse ., write into its ADR folder
  faultline adr ~/src/shop --dry-run         # show what would be written
  faultline adr . --from out/analysis.json   # use an analysis made earlier
  faultline adr . --adr-dir docs/architecture/decisions
  faultline adr --from out/analysis.json --contracts extract-orders   # its lint-imports TOML
"""


@click.command(epilog=EPILOG)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--from", "from_", type=click.Path(path_type=Path), metavar="ANALYSIS_JSON",
              help="Read this analysis.json (or its folder) instead of analysing PATH.")
@click.option("-o", "--adr-dir", "adr_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Write the records here [default: PATH's ADR folder: the one named in "
                   ".adr-dir, else doc/adr, docs/adr, docs/decisions or adr/, else docs/adr].")
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@click.option("--contracts", "contracts_of", metavar="SLUG",
              help="Print the import-linter contracts of one \"Extract\" record (e.g. "
                   "extract-orders: the record's file name without its number) and write "
                   "nothing; for contracts too long to keep in the record.")
@click.pass_obj
def adr(obj: _Context, path: Path, from_: Path | None, adr_dir: Path | None,
        dry_run: bool, contracts_of: str | None) -> None:
    """Write decision records (MADR 4.0, status "proposed") for the proposed boundaries.

    One overview record (decompose into services, or not) and one "Extract <name>" record per
    candidate service, with the imports to cut and an import-linter contract that enforces
    the boundary. Numbering continues the records already in the folder. An existing record
    is never overwritten: a record whose name is already there is skipped and reported, so
    running again adds only what is new. The folder's README.md index is kept up to date
    unless someone else wrote it.
    """
    def run() -> None:
        from analyzer.decisions.records import render_records
        from analyzer.decisions.writer import (
            WriteFailed,
            find_adr_dir,
            left_out_modules,
            write_records,
        )

        document = _document(obj, path, from_)
        if not document.get("boundaries"):
            raise InputError("The analysis proposes no boundaries (made with --no-boundaries, "
                             "or by an older Faultline); run `faultline analyze` again.")
        if contracts_of is not None:
            _print_contracts(document, contracts_of)
            return
        if not path.is_dir():
            raise InputError(f"'{path}' is not a folder; give the repository to write into.")
        try:
            records = render_records(document, left_out_modules(document))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"The analysis is incomplete or damaged ({error!r}); run "
                             "`faultline analyze` again.") from error
        folder = find_adr_dir(path, adr_dir)
        try:
            outcomes = write_records(folder, records, dry_run=dry_run)
        except WriteFailed as error:  # say what was written before it (a full disk, say)
            for outcome in error.done:
                _echo(outcome)
            raise
        for outcome in outcomes:
            _echo(outcome)

    _run(obj, run)


def _print_contracts(document: dict[str, Any], slug: str) -> None:
    from analyzer.decisions.records import render_contracts
    from analyzer.decisions.writer import left_out_modules
    from analyzer.output.markdown import one_line

    try:
        name = re.sub(r"^\d{4}-", "", Path(slug.strip()).name.removesuffix(".md"))
        text = render_contracts(document, name, left_out_modules(document))
    except KeyError as error:
        raise InputError(f"{error.args[0]}.") from error
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError(f"The analysis is incomplete or damaged ({error!r}); run "
                         "`faultline analyze` again.") from error
    click.echo(text or f"# {one_line(slug)}: nothing lies outside this boundary but the shared "
               "kernel; no contract is needed.", nl=not text)


def _echo(outcome: Outcome) -> None:
    from analyzer.output.markdown import one_line

    line = f"{outcome.action} {one_line(outcome.path)}"
    if outcome.action == "skipped":
        line += " (exists)"
    if outcome.title:
        line += f": {one_line(outcome.title)}"
    click.echo(line)


def _document(obj: _Context, path: Path, from_: Path | None) -> dict[str, Any]:
    from analyzer.output.document import load_analysis, to_document
    from analyzer.pipeline import analyze as run_analysis

    if from_ is not None:
        return load_analysis(from_)
    return to_document(run_analysis(path, progress=obj.progress))
