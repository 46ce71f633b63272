"""`faultline sample` and `faultline demo`: real repositories, truth beside them, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from analyzer.cli.main import cli
from tests.conftest import git


def invoke(*args: str):
    return CliRunner().invoke(cli, ["-q", *args])


def test_sample_list_names_the_scenarios() -> None:
    result = invoke("sample", "--list")

    assert result.exit_code == 0
    assert "shop" in result.stdout and "scale" in result.stdout


def test_sample_builds_a_repo_with_its_truth_beside_it(tmp_path: Path) -> None:
    dest = tmp_path / "small"

    result = invoke("sample", "scale", str(dest), "--services", "3", "--modules", "40",
                    "--commits", "150", "--seed", "7")

    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "small.truth.json").read_text())
    assert set(truth["boundaries"]) and truth["cross_service_import_rate"] >= 0
    assert not list(dest.glob("*.truth.json"))
    assert git(dest, "status", "--porcelain") == ""
    assert int(git(dest, "rev-list", "--count", "HEAD")) >= 100


def test_sample_builds_into_a_folder_named_relative_to_the_current_one(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    result = invoke("sample", "scale", "small", "--services", "3", "--modules", "40",
                    "--commits", "150")

    assert result.exit_code == 0, result.output
    assert (tmp_path / "small.truth.json").is_file()
    assert git(tmp_path / "small", "status", "--porcelain") == ""
    assert not (tmp_path / "small" / "small").exists()


def test_sample_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine\n")

    result = invoke("sample", "shop", str(tmp_path / "busy"))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert (tmp_path / "busy" / "keep.txt").read_text() == "mine\n"


def test_sample_unknown_scenario_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("sample", "nope", str(tmp_path / "x"))

    assert result.exit_code == 2
    assert "Error: " in result.stderr and "Traceback" not in result.output


def test_sample_refuses_a_truth_file_inside_the_repo(tmp_path: Path) -> None:
    dest = tmp_path / "r"

    result = invoke("sample", "shop", str(dest), "--truth", str(dest / "truth.json"))

    assert result.exit_code == 2
    assert "inside the sample repository" in result.stderr
    assert not dest.exists()


def test_demo_builds_and_analyses_the_shop(tmp_path: Path, faultline_cache_dir: Path) -> None:
    result = invoke("demo", "-o", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert document["packages"] == ["shop"]
    assert 60 <= document["summary"]["modules"] <= 130
    assert document["repo"]["head"]
    assert not (faultline_cache_dir / "history").exists()  # a throw-away repo is not cached
