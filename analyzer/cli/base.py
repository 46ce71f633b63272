"""What every `faultline` command shares: the context object, its progress display, the error
handling, the flags taken before or after any command (`global_flags`, `add_global_flags`),
and help text and choices made only when needed (`LazyEpilog`, `LazyChoice`)."""

from __future__ import annotations

import re
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import click

from analyzer.errors import AnalyzerError

#: Commands whose progress stays plain lines on a terminal too: `app` hands the terminal to
#: Streamlit after its one message, and a live display would write over Streamlit's output.
PLAIN_COMMANDS = frozenset({"app"})
#: Finished phases kept on screen under the live display (older ones are hidden).
SHOWN_DONE = 4
#: "120/656" in a message: done and total (not part of a path or a date).
_COUNT = re.compile(r"(?<![\w/.-])(\d[\d,]*)/(\d[\d,]*)(?![\w/.-])")


class _Context:
    """What every command gets: `--debug`, `-q`, and `progress(message)` for its phases.

    On a terminal (stderr a TTY that is not "dumb") the phases show as a rich progress
    display on stderr: a spinner, a bar (filling when a message carries counts such as
    "wrote 120/656 commits", pulsing otherwise) and the time each phase took; it disappears
    when the command ends. Anywhere else (piped, redirected, CI logs) each phase is one
    timestamped line. `-q` shows neither.
    """

    def __init__(self, debug: bool, quiet: bool) -> None:
        self.debug = debug
        self.quiet = quiet
        self.started = time.monotonic()
        self._bar: _Bar | None = None
        self._wants_bar: bool | None = None  # decided on the first message
        context = click.get_current_context(silent=True)
        if context is not None:
            context.call_on_close(self.close)

    def progress(self, message: str) -> None:
        if self.quiet:
            return
        from analyzer.output.terminal import printable  # rich's markup: only once needed

        text = printable(message)
        if self._wants_bar is None:
            self._wants_bar = _wants_bar()
        if self._bar is None and self._wants_bar:
            try:
                self._bar = _Bar()
            except Exception:  # a terminal rich cannot drive: plain lines, as when piped
                self._wants_bar = False
        if self._bar is not None:
            self._bar.step(text)
            return
        click.echo(f"[{time.monotonic() - self.started:6.1f}s] {text}", err=True)

    def close(self) -> None:
        """Stop the progress display (if one runs); later messages start a new one."""
        bar, self._bar = self._bar, None
        if bar is not None:
            bar.stop()


#: The flags `faultline` takes before the command and after it alike: name -> (its
#: declarations, its help). `faultline -q analyze` and `faultline analyze -q` are the same.
GLOBAL_FLAGS: dict[str, tuple[tuple[str, ...], str]] = {
    "debug": (("--debug",), "Show the full traceback when something fails."),
    "quiet": (("-q", "--quiet"), "No progress messages on stderr."),
}


def global_flags(function: Callable[..., Any]) -> Callable[..., Any]:
    """The `faultline` group's own GLOBAL_FLAGS, passed to its function by name."""
    for name, (declarations, text) in reversed(GLOBAL_FLAGS.items()):
        function = click.option(*declarations, name, is_flag=True, help=text)(function)
    return function


def add_global_flags(command: click.Command) -> click.Command:
    """`command` (and the commands of a group) taking GLOBAL_FLAGS too, after its own options:
    given there, a flag sets the same attribute of the `_Context` as before the command. A
    flag the command already has (under any of its spellings) is left to it."""
    taken = {spelling for param in command.params
             for spelling in (*param.opts, *param.secondary_opts)}
    for name, (declarations, text) in GLOBAL_FLAGS.items():
        if taken.isdisjoint(declarations):
            command.params.append(click.Option(
                [*declarations, name], is_flag=True, help=text, expose_value=False,
                callback=_set_global_flag))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_global_flags(sub)
    return command


def _set_global_flag(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Turn a global flag on in the context object (never off: given before the command
    and not after it, it stays on)."""
    found = ctx.find_object(_Context)
    if value and found is not None and param.name:
        setattr(found, param.name, True)
    return value


class LazyEpilog(click.Command):
    """A command whose `epilog` may be a function, called the first time the text is needed
    (its help shown): the text can then come from modules that `faultline --help` and the
    other commands do without."""

    @property
    def epilog(self) -> str | None:
        if callable(self._epilog):
            self._epilog = self._epilog()
        return self._epilog

    @epilog.setter
    def epilog(self, value: str | Callable[[], str] | None) -> None:
        self._epilog = value


class LazyChoice(click.Choice):
    """A `click.Choice` whose choices a function lists, the first time they are needed (the
    option given, its help shown)."""

    def __init__(self, choices: Callable[[], Any], case_sensitive: bool = True) -> None:
        super().__init__((), case_sensitive)
        self._list: Callable[[], Any] | None = choices

    @property
    def choices(self) -> tuple[Any, ...]:
        if self._list is not None:
            self._choices, self._list = tuple(self._list()), None
        return self._choices

    @choices.setter
    def choices(self, value: Any) -> None:
        self._choices = tuple(value)


def _wants_bar() -> bool:
    """A progress display only on an interactive terminal, and not for PLAIN_COMMANDS."""
    try:
        if not sys.stderr.isatty():
            return False
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False
    from rich.console import Console

    if not Console(stderr=True).is_interactive:  # TERM=dumb, say
        return False
    context = click.get_current_context(silent=True)
    return context is None or context.info_name not in PLAIN_COMMANDS


class _Bar:
    """One rich Progress on stderr; each phase message is a row, the newest one running."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description}", markup=False),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[count]}", markup=False),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            # stdout goes through the display only when it is the same terminal: piped, as in
            # `faultline analyze --json | jq`, it must stay untouched.
            redirect_stdout=_isatty(sys.stdout),
            redirect_stderr=True,
        )
        self.progress.start()
        self.tasks: list[Any] = []
        self.key: str | None = None

    def step(self, text: str) -> None:
        counts = _COUNT.search(text)
        done, total = ((int(counts.group(1).replace(",", "")),
                        int(counts.group(2).replace(",", ""))) if counts else (None, None))
        key = _COUNT.sub("#", text)
        if counts and self.tasks and key == self.key:  # the same phase, further on
            self.progress.update(self.tasks[-1], description=text, total=max(total, 1),
                                 completed=min(done, total), count=f"{done:,}/{total:,}")
            return
        self._finish_current()
        self.key = key
        task = self.progress.add_task(
            text, total=max(total, 1) if counts else None,
            completed=min(done, total) if counts else 0,
            count=f"{done:,}/{total:,}" if counts else "")
        self.tasks.append(task)
        for old in self.tasks[:-1 - SHOWN_DONE]:
            self.progress.update(old, visible=False)

    def _finish_current(self) -> None:
        if self.tasks:
            task = self.tasks[-1]
            total = self.progress.tasks[-1].total or 1
            self.progress.update(task, total=total, completed=total)

    def stop(self) -> None:
        self._finish_current()
        self.progress.stop()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _run(obj: _Context, action: Callable[[], None]) -> None:
    """Run a command; turn every error into one line on stderr and exit status 2.

    Faultline's own errors and the system's say what is wrong; anything else (a bug, or input
    no check foresaw) is named as unexpected, with its type. `--debug` prints the traceback.
    Exit status 1 stays for a failed check, and click's own errors and exits pass through.
    """
    try:
        try:
            action()
        finally:
            obj.close()  # the progress display goes before the result or the error is read
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        if obj.debug:
            traceback.print_exc()
        from analyzer.output.terminal import printable

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
