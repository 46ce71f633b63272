"""`faultline app`: what it starts, where it binds, and its errors (Streamlit is not started)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from analyzer.cli import app as cli_app
from analyzer.cli.main import cli
from tests.functional.conftest import app_option


def test_app_starts_streamlit_on_the_analysis_bound_to_localhost(started, tmp_path):
    (tmp_path / "analysis.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "app", str(tmp_path), "--port", "8612"])
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert command[1:4] == ["-m", "analyzer.ui.serve", "run"]
    assert Path(command[4]) == Path(cli_app.__file__).resolve().parents[1] / "ui" / "app_entry.py"
    assert Path(command[4]).is_file()
    assert app_option(command, "--server.address") == "127.0.0.1"
    assert app_option(command, "--server.port") == "8612"
    assert env["FAULTLINE_ANALYSIS"] == str((tmp_path / "analysis.json").resolve())


def test_app_takes_the_analysis_file_itself_and_another_address(started, tmp_path):
    target = tmp_path / "my.json"
    target.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "app", str(target), "--address", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert app_option(command, "--server.address") == "0.0.0.0"
    assert app_option(command, "--server.port") is None  # Streamlit's own configuration decides
    assert env["FAULTLINE_ANALYSIS"] == str(target.resolve())


def test_app_without_a_path_and_no_default_analysis_opens_empty(started, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FAULTLINE_ANALYSIS", raising=False)
    result = CliRunner().invoke(cli, ["-q", "app"])
    assert result.exit_code == 0, result.output
    [(_command, env)] = started
    assert "FAULTLINE_ANALYSIS" not in env


def test_app_on_a_folder_without_analysis_is_an_input_error(started, tmp_path):
    result = CliRunner().invoke(cli, ["app", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "run `faultline analyze` first" in result.output
    assert not started


def test_app_without_streamlit_says_which_extra_to_install(started, tmp_path, monkeypatch):
    real = cli_app.importlib.util.find_spec
    monkeypatch.setattr(cli_app.importlib.util, "find_spec",
                        lambda name, *a: None if name == "streamlit" else real(name, *a))
    result = CliRunner().invoke(cli, ["app"])
    assert result.exit_code == 2
    assert "install the `app` extra" in result.output
    assert not started


def test_app_passes_streamlits_exit_status_on(monkeypatch, tmp_path):
    monkeypatch.setattr(cli_app.subprocess, "call", lambda command, env: 3)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["-q", "app"]).exit_code == 3


def test_app_help_has_examples():
    result = CliRunner().invoke(cli, ["app", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "--address" in result.output


def test_the_app_process_is_streamlits_command_line_with_the_drawing_libraries_loaded():
    import pytest

    from tests.conftest import run_python

    pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
    probe = ("import sys, runpy; sys.argv = ['serve', 'version']; "
             "import analyzer.ui.serve as s\n"
             "try:\n    s.main()\nexcept SystemExit:\n    pass\n"
             "print('pandas' in sys.modules, 'plotly.graph_objects' in sys.modules,"
             " 'analyzer.output.document' in sys.modules, 'analyzer.ui.data' not in sys.modules)")
    shown = run_python(probe)
    assert "Streamlit, version" in shown
    assert shown.strip().endswith("True True True True")
