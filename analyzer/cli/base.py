"""What every `faultline` command shares: the context object and the error handling."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable

import click

from analyzer.errors import AnalyzerError
from analyzer.output.terminal import printable


class _Context:
    def __init__(self, debug: bool, quiet: bool) -> None:
        self.debug = debug
        self.quiet = quiet
        self.started = time.monotonic()

    def progress(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"[{time.monotonic() - self.started:6.1f}s] {printable(message)}", err=True)


def _run(obj: _Context, action: Callable[[], None]) -> None:
    """Run a command; turn every error into one line on stderr and exit status 2.

    Faultline's own errors and the system's say what is wrong; anything else (a bug, or input
    no check foresaw) is named as unexpected, with its type. `--debug` prints the traceback.
    Exit status 1 stays for a failed check, and click's own errors and exits pass through.
    """
    try:
        action()
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        if obj.debug:
            traceback.print_exc()
        click.echo(f"Error: {printable(_message(error))}", err=True)
        sys.exit(2)


def _message(error: Exception) -> str:
    if isinstance(error, AnalyzerError):
        return str(error)
    if isinstance(error, OSError):
        where = f": '{error.filename}'" if error.filename is not None else ""
        return f"{error.strerror or error}{where}."
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return (f"unexpected error: {type(error).__name__}" + (f": {detail}" if detail else "")
            + "; run with --debug for the traceback.")
