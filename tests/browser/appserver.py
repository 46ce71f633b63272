"""Start `faultline app` on a free port and stop it again (for the browser test and the bench)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str | None:
    """The Chromium to drive: $FAULTLINE_CHROMIUM, or one on the PATH."""
    given = os.environ.get("FAULTLINE_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    return next((found for name in CHROMIUM_CANDIDATES if (found := shutil.which(name))), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _faultline() -> list[str]:
    script = Path(sys.executable).parent / "faultline"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "analyzer"]


@contextmanager
def running_app(analysis: Path, *, timeout: float = 60.0) -> Iterator[str]:
    """`faultline app ANALYSIS --port N` in its own process group; yields the base URL."""
    port = free_port()
    # Streamlit's own settings, through its environment variables: no telemetry, and no
    # "source file changed" prompt when someone edits the code while the app runs.
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    process = subprocess.Popen([*_faultline(), "-q", "app", str(analysis), "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, timeout)
        yield url
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"faultline app exited with {process.returncode}: {error}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"faultline app did not answer on {url} within {timeout:.0f} s")
