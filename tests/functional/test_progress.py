"""Progress (issue 15): on a terminal the phases show as a rich progress display on stderr; piped
or on a dumb terminal they stay timestamped lines; `-q` shows neither. The real command line in
a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import click
import pytest

from analyzer.cli import base
from analyzer.cli.base import _Context, _wants_bar

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX")

TIMESTAMPED = re.compile(r"^\[\s*\d+\.\ds\] ", re.M)
BAR = "━"  # rich's bar


def faultline(*args: str, stderr_tty: bool = True, stdout_tty: bool = False,
              term: str = "xterm-256color") -> tuple[int, str, str]:
    """Run `python -m analyzer ARGS` with stderr (and stdout) on a pseudo-terminal when asked:
    the exit status, what the terminal showed, and what went to the pipe (stdout, or stderr
    when stderr is the one piped)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": term, "COLUMNS": "100", "LINES": "40"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", *args], stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE, env=env)
    os.close(slave)
    pipes = {name: stream for name, stream in (("out", process.stdout),
                                                ("err", process.stderr)) if stream is not None}
    # Everything read as it comes: a process blocked on a full pipe would never end.
    reading = {master: b"", **{stream.fileno(): b"" for stream in pipes.values()}}
    done: dict[int, bytes] = {}
    while reading:
        ready, _, _ = select.select(list(reading), [], [], 0.2)
        for fd in ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the terminal's other end is closed: all read
                chunk = b""
            if chunk:
                reading[fd] += chunk
            else:
                done[fd] = reading.pop(fd)
        if not ready and process.poll() is not None:  # ended, and nothing more to read
            done.update(reading)
            reading = {}
    os.close(master)
    text = {name: done[stream.fileno()].decode() for name, stream in pipes.items()}
    for stream in pipes.values():
        stream.close()
    process.wait(timeout=60)
    return (process.returncode, done[master].decode("utf-8", "replace"),
            text.get("out", "") if stderr_tty else text["err"])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sample_repos

    repo = tmp_path_factory.mktemp("progress") / "shop"
    sample_repos.build("shop", repo, seed=0)
    return repo


def test_on_a_terminal_the_phases_are_a_progress_display(tmp_path):
    code, shown, out = faultline("sample", "scale", str(tmp_path / "big"), "--modules", "200",
                                 "--commits", "3000")

    assert code == 0, shown
    assert BAR in shown and "✓" in shown  # bars, and finished phases ticked
    assert "1,000/3,000" in shown  # "wrote 1000/3000 commits": a bar that fills
    assert "planning scale" in shown and "checking out the work tree" in shown
    assert not TIMESTAMPED.search(shown)
    assert "Built 'scale'" in out  # the result, on stdout, untouched


def test_piped_the_phases_stay_timestamped_lines(shop, tmp_path):
    code, _shown, err = faultline("analyze", str(shop), "-o", str(tmp_path), "--no-cache",
                                  stderr_tty=False)

    assert code == 0
    lines = err.splitlines()
    assert lines and all(TIMESTAMPED.match(line) for line in lines), err
    assert any("reading git history" in line for line in lines)
    assert "\x1b[" not in err


def test_quiet_shows_nothing_on_a_terminal(shop, tmp_path):
    code, shown, out = faultline("-q", "analyze", str(shop), "-o", str(tmp_path), "--json",
                                 "--no-cache")

    assert code == 0
    assert shown == ""
    assert json.loads(out)["summary"]["modules"] > 0


def test_a_dumb_terminal_gets_the_plain_lines(shop, tmp_path):
    code, shown, _out = faultline("analyze", str(shop), "-o", str(tmp_path), "--no-cache",
                                  "--no-history", term="dumb")

    assert code == 0
    assert TIMESTAMPED.search(shown)
    assert BAR not in shown


def test_stdout_piped_from_a_terminal_session_stays_clean(shop, tmp_path):
    """`faultline analyze --json | jq`: the display is on stderr, stdout is only the JSON."""
    code, shown, out = faultline("analyze", str(shop), "-o", str(tmp_path), "--json",
                                 "--no-cache")

    assert code == 0
    assert BAR in shown
    assert json.loads(out)["summary"]["modules"] > 0


def test_both_on_the_terminal_the_summary_is_printed_and_the_display_goes(shop, tmp_path):
    code, shown, _out = faultline("analyze", str(shop), "-o", str(tmp_path), "--no-cache",
                                  stdout_tty=True)

    assert code == 0
    assert "Wrote " in shown and BAR in shown
    # The display is transient: after the summary it is erased ("\x1b[2K" clears a line),
    # so the terminal ends with the summary, not with progress rows.
    last = shown.rsplit("Wrote ", 1)[1]
    assert "proposing boundaries" not in last.rsplit("\x1b[2K", 1)[-1]


def test_an_error_comes_after_the_display_has_stopped(tmp_path):
    (tmp_path / "empty").mkdir()

    code, shown, _out = faultline("analyze", str(tmp_path / "empty"), "-o", str(tmp_path))

    assert code == 2
    assert "discovering packages" in shown  # the display ran
    tail = shown.rsplit("\x1b[2K", 1)[-1]  # what follows the display's last erase
    assert "Error: No Python package found" in tail


class _Terminal:
    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("command", "wanted"), [("analyze", True), ("app", False)])
def test_the_app_command_keeps_plain_lines(monkeypatch, command, wanted):
    """`faultline app` hands the terminal to Streamlit: a live display would write over it."""
    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setenv("TERM", "xterm-256color")
    with click.Context(click.Command(command), info_name=command):
        assert _wants_bar() is wanted


def test_messages_with_counts_fill_one_bar(monkeypatch):
    """Messages that differ only in their counts are one phase, its bar filling."""
    monkeypatch.setattr(base, "_wants_bar", lambda: True)
    context = _Context(debug=False, quiet=False)
    try:
        for message in ("planning", "wrote 100/400 commits", "wrote 200/400 commits",
                        "checking out /tmp/2024/05/shop"):
            context.progress(message)
        progress = context._bar.progress
        rows = [(t.description, t.total, t.completed) for t in progress.tasks]
        assert rows == [("planning", 1, 1), ("wrote 200/400 commits", 400, 400),
                        ("checking out /tmp/2024/05/shop", None, 0)]  # a path: no counts
    finally:
        context.close()
    assert context._bar is None
