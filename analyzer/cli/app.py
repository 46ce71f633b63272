"""`faultline app`: start the Streamlit app (analyzer/ui/app_entry.py) on an analysis."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError
from analyzer.settings import APP_ALLOW_VAR, APP_ROOT_VAR, is_loopback

ENV_VAR = "FAULTLINE_ANALYSIS"  # read by analyzer.ui.data
ALLOW_VAR, ROOT_VAR = APP_ALLOW_VAR, APP_ROOT_VAR

EPILOG = """\b
Examples:
  faultline app                          # ./faultline-out/analysis.json, if there is one
  faultline app out                      # out/analysis.json
  faultline app out/analysis.json --port 8600
  faultline app out --address 0.0.0.0    # reachable from other machines (read-only)
"""


def app_script() -> Path:
    """The app's Streamlit entry point, inside the installed `analyzer` package."""
    return Path(__file__).resolve().parents[1] / "ui" / "app_entry.py"


def app_command(script: Path, address: str, port: int | None) -> list[str]:
    """`streamlit run SCRIPT` (through `analyzer.ui.serve`, which imports the libraries the
    pages draw with first): no usage statistics to Streamlit's servers (the page shows private
    code), no Deploy button. Run it with PYTHONSAFEPATH=1 (`app_env`)."""
    command = [sys.executable, "-m", "analyzer.ui.serve", "run", str(script),
               "--server.address", address, "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


def app_env(analysis: Path | None, allow: list[str], root: Path | None) -> dict[str, str]:
    """The app's environment. PYTHONSAFEPATH=1: `python -m` would otherwise put the current
    folder first on sys.path, and a folder there named like a dependency (`click/`) would run.
    """
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VAR, ALLOW_VAR, ROOT_VAR)}
    env["PYTHONSAFEPATH"] = "1"
    if analysis is not None:
        env[ENV_VAR] = str(analysis)
    if allow:
        env[ALLOW_VAR] = ",".join(allow)
    if root is not None:
        env[ROOT_VAR] = str(root)
    return env




def _analysed_repo(analysis: Path | None) -> Path:
    """The repository `analysis` was made of, where --allow-* may act; InputError without."""
    from analyzer.output.document import load_analysis

    repo = None
    if analysis is not None:
        path = (load_analysis(analysis).get("repo") or {}).get("path")
        repo = Path(str(path)) if path else None
    if repo is None or not repo.is_dir():
        raise InputError("--allow-analyse and --allow-writes act only inside the analysed "
                         "repository: give the analysis.json of a repository on this machine.")
    return repo.resolve()


def _analysis_path(given: Path | None) -> Path | None:
    if given is None:
        default = Path("faultline-out") / "analysis.json"
        return default.resolve() if default.is_file() else None
    target = given / "analysis.json" if given.is_dir() else given
    if not target.is_file():
        raise InputError(f"'{target}' does not exist; run `faultline analyze` first, or give "
                         "the folder that holds analysis.json.")
    return target.resolve()


@click.command(epilog=EPILOG)
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535),
              help="Port to serve on [default: Streamlit's, 8501].")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Address to bind to; 0.0.0.0 serves every interface. Beyond loopback, "
                   "analysing a folder and writing decision records are off.")
@click.option("--allow-analyse", is_flag=True,
              help="Beyond loopback, still let clients analyse folders inside the analysed "
                   "repository.")
@click.option("--allow-writes", is_flag=True,
              help="Beyond loopback, still let clients write decision records into the "
                   "analysed repository.")
@click.pass_obj
def app(obj: _Context, path: Path | None, port: int | None, address: str, allow_analyse: bool,
        allow_writes: bool) -> None:
    """Explore an analysis in the browser: boundaries, dependency matrix, hotspots, what-if.

    PATH is a folder holding analysis.json, or the analysis.json itself. Without it the app
    opens ./faultline-out/analysis.json when there is one; in the app you can also open
    another analysis.json or analyse a local folder. Needs the `app` extra:
    pip install 'faultline[app]'. Other Streamlit settings come from Streamlit's own
    configuration (.streamlit/config.toml, STREAMLIT_* variables).
    """

    def start() -> None:
        if importlib.util.find_spec("streamlit") is None:
            raise InputError("The app needs Streamlit: install the `app` extra with "
                             "pip install -e '.[app]' (or 'faultline[app]').")
        script = app_script()
        if not script.is_file():
            raise InputError(f"The app's entry point '{script}' is missing; reinstall "
                             "Faultline (pip install 'faultline[app]').")
        analysis = _analysis_path(path)
        allow = [name for name, given in (("analyse", allow_analyse), ("write", allow_writes))
                 if given]
        root = None
        if not is_loopback(address):
            root = _analysed_repo(analysis) if allow else None
            _warn_exposed(address, allow, root)
        env = app_env(analysis, allow, root)
        obj.progress(f"starting the app on {analysis or 'no analysis yet'}")
        try:
            with _stopped_by_signals():
                code = subprocess.call(app_command(script, address, port), env=env)
        except KeyboardInterrupt:  # Ctrl-C: subprocess.call has stopped Streamlit
            code = 0
        except _Stopped as stop:  # likewise; exit as a process ended by that signal does
            code = 128 + stop.signum
        if code:
            sys.exit(code)

    _run(obj, start)


class _Stopped(Exception):
    """`faultline app` was asked to stop by a signal (SIGTERM from a supervisor, say)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Stopped` while Streamlit runs, as SIGINT raises
    KeyboardInterrupt: inside `subprocess.call` either stops the Streamlit child and waits for
    it, so it is never left running, orphaned, holding the port. (By default these signals
    end Python at once, child left behind.)
    """
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    try:
        for signum in wanted:
            previous[signum] = signal.signal(signum, _stop)
    except ValueError:  # not the main thread (an embedding caller): signals stay as they are
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _warn_exposed(address: str, allow: list[str], root: Path | None) -> None:
    """Say so on stderr (even with -q) when the app listens beyond this machine."""
    from analyzer.output.terminal import printable

    lines = [f"Warning: the app listens on {printable(address)}, beyond this machine: anyone "
             "who can reach it can read the analysis (there is no login)."]
    for name, what, flag in (("analyse", "Analysing a folder", "--allow-analyse"),
                             ("write", "Writing decision records", "--allow-writes")):
        state = f"on, inside {printable(root)} only" if name in allow else f"off ({flag})"
        lines.append(f"  {what}: {state}.")
    click.echo("\n".join(lines), err=True)
