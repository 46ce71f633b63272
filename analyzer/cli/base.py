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
    """Run a command; turn known errors into one line on stderr and exit status 2."""
    try:
        action()
    except (AnalyzerError, OSError) as error:
        if obj.debug:
            traceback.print_exc()
        if isinstance(error, OSError):
            message = f"{error.strerror or error}: '{error.filename}'."
        else:
            message = str(error)
        click.echo(f"Error: {printable(message)}", err=True)
        sys.exit(2)
