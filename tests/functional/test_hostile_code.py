"""Issue 14, item 1: no command, started from any folder, imports code from that folder.

`python -m` puts the current folder first on sys.path, so a repository folder named like one
of Faultline's dependencies (`click/`) ran instead of it. Real processes, started inside such
a folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import analyzer

SOURCE_ROOT = Path(analyzer.__file__).resolve().parents[1]  # the tree under test
FAULTLINE = Path(sys.executable).with_name("faultline")


def _hostile_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder whose `click/__init__.py` would leave a marker file if it ever ran."""
    folder = tmp_path / "repo"
    marker = tmp_path / "PWNED"
    (folder / "click").mkdir(parents=True)
    (folder / "click" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n", encoding="utf-8")
    return folder, marker


def _env(tmp_path: Path) -> dict[str, str]:
    """No PYTHONPATH of the caller's (it could hold '.'): only the tree under test, absolute."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "FAULTLINE_ANALYSIS")
           and not k.startswith("STREAMLIT_")}
    env["PYTHONPATH"] = str(SOURCE_ROOT)
    env["HOME"] = str(tmp_path / "home")
    return env


def test_python_m_analyzer_does_not_import_the_current_folder(tmp_path: Path) -> None:
    folder, marker = _hostile_folder(tmp_path)

    done = subprocess.run([sys.executable, "-m", "analyzer", "--help"], cwd=folder,
                          env=_env(tmp_path), capture_output=True, text=True, timeout=120)

    assert not marker.exists(), done.stderr
    assert done.returncode == 0, done.stderr
    assert "Find where a Python monolith could split" in done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def start_app(folder: Path, env: dict[str, str], *args: str,
              timeout: float = 90) -> tuple[bool, str]:
    """Start `faultline app` in `folder`, wait until it serves (or stops), stop it.

    Returns (served, everything it printed).
    """
    port = _free_port()
    log = folder.parent / f"app-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(FAULTLINE), "app", "--port", str(port), *args],
                                   cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        served = False
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and process.poll() is None:
                if _healthy(port):
                    served = True
                    break
                time.sleep(0.3)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the app and its Streamlit child
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return served, log.read_text(errors="replace")


@pytest.mark.skipif(not FAULTLINE.is_file(), reason="the `faultline` script is not installed")
def test_faultline_app_does_not_import_the_current_folder(tmp_path: Path) -> None:
    pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
    folder, marker = _hostile_folder(tmp_path)

    served, printed = start_app(folder, _env(tmp_path))

    assert not marker.exists(), printed
    assert served, printed
