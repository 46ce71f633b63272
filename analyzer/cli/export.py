"""`faultline export`: an analysis in the formats other tools open."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer.cli.base import LazyChoice, LazyEpilog, _Context, _run
from analyzer.errors import InputError
from analyzer.files import write_atomic


def _formats() -> dict:
    """The export formats (imported when needed: they bring networkx)."""
    from analyzer.output.export import FORMATS

    return FORMATS


def _epilog() -> str:
    return """\b
Formats:
""" + "".join(f"  {name:15} {fmt.help}\n" for name, fmt in _formats().items()) + """
\b
Examples:
  faultline analyze . -o out
  faultline export out --format graphml -o shop.graphml        # open in yEd or Gephi
  faultline export out --format dot | dot -Tsvg > modules.svg
  faultline export out/analysis.json --format mermaid          # paste in a ```mermaid block
  faultline export out --format html -o report.html
  faultline export out --format tach -o tach.toml && tach check
  faultline export out --format importlinter -o contracts.toml
  faultline export out --format schema -o analysis.schema.json
"""


@click.command(cls=LazyEpilog, epilog=_epilog)
@click.argument("analysis", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", required=True, type=LazyChoice(_formats),
              metavar="FORMAT",
              help="What to write (see Formats below).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_obj
def export(obj: _Context, analysis: Path, fmt: str, output: Path | None) -> None:
    """Write ANALYSIS (analysis.json or its folder) in another tool's format.

    Names from the analysed repository are escaped for each format, so a hostile module name
    stays text.
    """
    def run() -> None:
        from analyzer.output.document import load_analysis
        from analyzer.output.export import render

        if output is not None and output.is_dir():
            raise InputError(f"Output '{output}' is a folder; give a file name for -o.")
        document = load_analysis(analysis)
        left_out: set[str] = set()
        if fmt == "importlinter":  # their tests and migrations, which lint-imports also reads
            from analyzer.decisions.writer import left_out_modules

            left_out = left_out_modules(document)
        text = render(document, fmt, left_out=left_out)
        if output is None:
            click.echo(text, nl=False)
            return
        write_atomic(output, text)
        obj.progress(f"wrote {output} ({fmt})")

    _run(obj, run)
