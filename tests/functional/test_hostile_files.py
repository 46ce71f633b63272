"""Issue 14, items 17 to 19 and 23: the files Faultline writes, and the app's server process.

Output paths that are symbolic links or FIFOs are written through, not replaced; new files get
the permissions the umask gives; a full disk or a folder that cannot be written names the
file or folder (and `adr` says what it wrote first); `faultline app` stopped by SIGTERM leaves
no Streamlit server behind. Real git repositories, the real command line, a real server. A
full disk cannot be had here: os.write is made to fail as one would (ENOSPC).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from tests.conftest import MakeRepo, commit
from tests.functional.test_hostile_code import FAULTLINE, _env, _free_port, _healthy

FILES = {"shop/__init__.py": "", "shop/core.py": "X = 1\n"}
for _group in ("orders", "billing"):
    FILES[f"shop/{_group}/__init__.py"] = ""
    FILES[f"shop/{_group}/model.py"] = "from shop import core\n"
    FILES[f"shop/{_group}/api.py"] = f"from shop.{_group} import model\n"


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    """A small git repository with some history (so there are hotspots and couplings)."""
    root = make_repo(FILES, commit=True, name="shop-repo")
    for day in range(2, 8):
        for group in ("orders", "billing"):
            commit(root, {f"shop/{group}/model.py": f"from shop import core\nV = {day}\n",
                          f"shop/{group}/api.py": f"from shop.{group} import model\n# {day}\n"},
                   f"{group} {day}", day=day)
    return root


def _analyze(repo: Path, out: Path) -> object:
    return CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out), "--no-cache"])


@pytest.fixture
def umask() -> Iterator[int]:
    """A umask of 027 for the test (not the usual 022, nor mkstemp's private 0600)."""
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


def _fail_writes(monkeypatch: pytest.MonkeyPatch, folder: Path, *, after: int = 0,
                 error: int = errno.ENOSPC, at_open: bool = False) -> None:
    """Files created in `folder` fail as on a full disk (writing, after `after` files were
    written) or as in a read-only folder (creating, `at_open`)."""
    real_open, real_write = os.open, os.write
    ours: set[int] = set()
    created = [0]

    def fake_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(os.fspath(path)).parent == folder:
            if at_open:
                raise OSError(error, os.strerror(error), os.fspath(path))
            fd = real_open(path, flags, *args, **kwargs)
            created[0] += 1
            if created[0] > after:
                ours.add(fd)
            return fd
        return real_open(path, flags, *args, **kwargs)

    def fake_write(fd, data):
        if fd in ours:
            raise OSError(error, os.strerror(error))
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "write", fake_write)


# -- item 17: symbolic links and FIFOs are written through ----------------------------------


def test_output_through_a_symlink_or_a_fifo_is_written_through_not_replaced(
        repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    kept = tmp_path / "elsewhere" / "kept.json"
    kept.parent.mkdir()
    kept.write_text("old\n", encoding="utf-8")
    (out / "analysis.json").symlink_to(kept)
    fifo = out / "hotspots.csv"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader waits, as `cat fifo` would
    try:
        result = _analyze(repo, out)
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)

    assert result.exit_code == 0, result.output
    assert (out / "analysis.json").is_symlink()
    assert json.loads(kept.read_text(encoding="utf-8"))["schema_version"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received.startswith(b"rank,path,module,revisions,complexity,score\n")
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


# -- item 18: the umask decides ---------------------------------------------------------------


def test_output_files_get_the_permissions_the_umask_gives(repo: Path, tmp_path: Path,
                                                          umask: int) -> None:
    out = tmp_path / "out"

    result = _analyze(repo, out)
    records = CliRunner().invoke(cli, ["adr", str(repo), "--from", str(out)])

    assert result.exit_code == 0, result.output
    assert records.exit_code == 0, records.output
    written = [*out.iterdir(), *(repo / "docs" / "adr").iterdir()]
    assert len(written) >= 6  # analysis.json, 3 CSVs, records, index
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(0o666 & ~umask) for p in written}


# -- item 19: a full disk and a folder that cannot be written -------------------------------


def test_a_full_disk_names_the_file_it_could_not_write(repo: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _fail_writes(monkeypatch, out)

    result = _analyze(repo, out)

    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        f"Error: No space left on device: '{out / 'analysis.json'}'.")
    assert not list(out.iterdir())  # no half-written file, no temporary file left


def test_a_folder_that_cannot_be_written_is_named_not_a_temporary_file(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):  # root: the mode does not stop it; fail as it would
            _fail_writes(monkeypatch, out, error=errno.EACCES, at_open=True)

        result = _analyze(repo, out)
    finally:
        out.chmod(0o755)

    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"Error: Permission denied: '{out}'."


def test_adr_on_a_full_disk_reports_the_records_written_before(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert _analyze(repo, out).exit_code == 0
    folder = repo / "docs" / "adr"
    folder.mkdir(parents=True)
    _fail_writes(monkeypatch, folder, after=1)  # the first record fits, the second does not

    result = CliRunner().invoke(cli, ["adr", str(repo), "--from", str(out)])

    assert result.exit_code == 2, result.output
    [first] = [p.name for p in folder.iterdir()]
    assert first.startswith("0001-")
    lines = result.output.splitlines()
    assert lines[0].startswith(f"wrote {folder / first}: ")
    assert lines[1].startswith("Error: Writing '")
    assert "No space left on device" in lines[1]
    assert f"1 record(s) were written before it ({first})" in lines[1]


# -- item 23: SIGTERM stops the Streamlit server too ----------------------------------------


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not FAULTLINE.is_file(), reason="the `faultline` script is not installed")
def test_sigterm_to_faultline_app_stops_its_streamlit_server(tmp_path: Path) -> None:
    pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
    port = _free_port()
    log = tmp_path / "app.log"
    with log.open("w") as printed:
        process = subprocess.Popen([str(FAULTLINE), "app", "--port", str(port)], cwd=tmp_path,
                                   env=_env(tmp_path), stdout=printed, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # its own group, to look into
    try:
        deadline = time.monotonic() + 90
        while not _healthy(port):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)

        os.kill(process.pid, signal.SIGTERM)  # faultline only, as a supervisor does
        process.wait(timeout=15)
        deadline = time.monotonic() + 5
        while (_group_alive(process.pid) or _port_open(port)) and time.monotonic() < deadline:
            time.sleep(0.1)

        assert not _group_alive(process.pid), "the Streamlit server is still running"
        assert not _port_open(port)
        assert process.returncode == 128 + signal.SIGTERM
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
