"""`faultline app`: start the Streamlit app (app.py at the repository root) on an analysis."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import click

from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError

ENV_VAR = "FAULTLINE_ANALYSIS"  # read by analyzer.ui.data

EPILOG = """\b
Examples:
  faultline app                          # ./faultline-out/analysis.json, if there is one
  faultline app out                      # out/analysis.json
  faultline app out/analysis.json --port 8600
  faultline app out --address 0.0.0.0    # reachable from other machines
"""


def app_script() -> Path:
    """app.py beside the `analyzer` package (the project is installed editable from the repo)."""
    return Path(__file__).resolve().parents[2] / "app.py"


def app_command(script: Path, address: str, port: int | None) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.address", address, "--server.headless", "true"]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


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
              help="Address to bind to; 0.0.0.0 serves every interface.")
@click.pass_obj
def app(obj: _Context, path: Path | None, port: int | None, address: str) -> None:
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
            raise InputError(f"The app's entry point '{script}' is missing; install Faultline "
                             "from its repository (pip install -e '.[app]').")
        env = dict(os.environ)
        analysis = _analysis_path(path)
        if analysis is not None:
            env[ENV_VAR] = str(analysis)
        obj.progress(f"starting the app on {analysis or 'no analysis yet'}")
        try:
            code = subprocess.call(app_command(script, address, port), env=env)
        except KeyboardInterrupt:
            code = 0
        if code:
            sys.exit(code)

    _run(obj, start)
