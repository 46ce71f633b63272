"""What `pip install .` gives a user, not the checkout: the wheel's contents and metadata, and a
fresh virtual environment installed from it that runs `faultline demo` and `faultline app`
from an unrelated folder.

Slow by nature: building the wheel takes a few seconds; the install tests make a new venv and
let pip install the dependencies into it (a minute or two the first time, mostly pip; pip's
cache makes later runs faster). They run in the normal suite.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Not part of the source: caches and build output a checkout may hold.
_NOT_SOURCE = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", "dist",
                                     ".pytest_cache", ".ruff_cache", ".import_linter_cache",
                                     ".venv", "faultline-out", "out", "screenshots")


def _run(*command: str | Path, cwd: Path, timeout: float = 900,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the work tree (the build leaves nothing in it)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    _run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", base / "dist",
         cwd=source)
    [found] = (base / "dist").glob("faultline-*.whl")
    return found


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def test_the_wheel_holds_the_app_entry_point_and_every_file_of_the_package(wheel: Path) -> None:
    names = _names(wheel)

    assert "analyzer/ui/app_entry.py" in names
    from analyzer.ui import shell  # the pages the entry point navigates to

    assert {f"analyzer/ui/{file}" for file, *_ in shell.PAGES} <= names
    assert "sample_repos/__init__.py" in names  # `faultline demo` builds the shop sample
    package_files = {p.relative_to(ROOT).as_posix()
                     for folder in ("analyzer", "sample_repos")
                     for p in (ROOT / folder).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert package_files <= names, sorted(package_files - names)  # data files too (JSON)
    assert not any(n.startswith(("tests/", "bench/")) or n == "app.py" for n in names)


def test_the_wheel_metadata_is_pep_639_with_a_light_base_install(wheel: Path) -> None:
    meta = _metadata(wheel)
    names = _names(wheel)

    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(c.startswith("License ::") for c in meta.get_all("Classifier"))  # PEP 639
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    requires = meta.get_all("Requires-Dist")
    base = [r for r in requires if "extra ==" not in r]
    assert not any(r.lower().startswith(("pandas", "numpy", "streamlit", "plotly"))
                   for r in base), base
    assert any(r.startswith("pandas") and 'extra == "app"' in r for r in requires)
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Faultline contributors" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed, base dependencies only."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    _run(sys.executable, "-m", "venv", folder, cwd=folder.parent)
    _run(folder / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
         wheel, cwd=folder.parent)
    return folder


def _clean_env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH, no editable checkout: the venv's own site-packages only."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, **extra}


def test_a_base_install_runs_the_demo_from_an_unrelated_folder(venv: Path,
                                                               tmp_path: Path) -> None:
    python = venv / "bin" / "python"
    where = _run(python, "-c", "import analyzer, importlib.util as u; print(analyzer.__file__);"
                 "print(u.find_spec('pandas') is None, u.find_spec('numpy') is None)",
                 cwd=tmp_path, env=_clean_env()).stdout.split()
    assert where[0].startswith(str(venv))  # the installed copy, not the checkout
    assert where[1:] == ["True", "True"]  # the base install brings neither pandas nor numpy

    _run(venv / "bin" / "faultline", "-q", "demo", "-o", "out", cwd=tmp_path,
         env=_clean_env(FAULTLINE_CACHE_DIR=str(tmp_path / "cache")))

    document = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert document["boundaries"] and document["summary"]["modules"] > 50


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_the_app_extra_faultline_app_serves_from_an_unrelated_folder(
        venv: Path, wheel: Path, tmp_path: Path) -> None:
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
         f"{wheel}[app]", cwd=tmp_path)
    env = _clean_env(FAULTLINE_CACHE_DIR=str(tmp_path / "cache"), HOME=str(tmp_path))
    _run(venv / "bin" / "faultline", "-q", "demo", "-o", "out", cwd=tmp_path, env=env)
    # The packaged entry point runs the whole first page without an exception.
    script = ("from streamlit.testing.v1 import AppTest\n"
              "from analyzer.cli.app import app_script\n"
              "at = AppTest.from_file(str(app_script()), default_timeout=120).run()\n"
              "assert not at.exception, at.exception\n"
              "print(app_script())\n")
    ran = _run(venv / "bin" / "python", "-c", script, cwd=tmp_path,
               env={**env, "FAULTLINE_ANALYSIS": str(tmp_path / "out" / "analysis.json")})
    assert ran.stdout.strip().startswith(str(venv))

    port = _free_port()
    server = subprocess.Popen([str(venv / "bin" / "faultline"), "-q", "app", "out", "--port",
                               str(port)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        health = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as answer:
                    health = answer.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == "ok", server.stdout.read() if server.poll() is not None else health
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
