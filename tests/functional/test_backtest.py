"""`faultline backtest` on the shop sample, checked against a count made with `git log`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import sample_repos
from analyzer.cli.backtest import run_backtest
from analyzer.cli.main import cli
from tests.conftest import commit, git

ROW_KEYS = {"groups", "modules", "counted", "crossing", "share", "random_share", "lift"}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["-q", *args])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    repo = tmp_path_factory.mktemp("shopbt") / "shop"
    sample_repos.build("shop", repo, seed=0)
    result = invoke("backtest", str(repo), "--json")
    assert result.exit_code == 0, result.output
    return repo, json.loads(result.stdout)


def _independent_count(repo: Path, cutoff: str, out: Path) -> tuple[int, int]:
    """(counted, crossing) over `git log cutoff..HEAD`, with the proposal made at the cut-off.

    The commits the analysis counts: merges, bots and commits of more than 30 files left out.
    """
    result = invoke("analyze", str(repo), "--rev", cutoff, "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text())
    placed = {m["path"]: m["boundary"] for m in document["modules"]
              if m["boundary"] not in ("kernel", "isolated")}
    log = git(repo, "log", "--no-merges", "-M", "--name-only", "-z",
              "--format=%x1e%H%x1f%aN%x1f%aE", f"{cutoff}..HEAD")
    counted = crossing = 0
    for record in log.split("\x1e")[1:]:
        header, _, body = record.partition("\0")
        _sha, name, email = header.split("\x1f")
        files = [f for f in body.strip("\n\0").split("\0") if f]
        if "[bot]" in name or "[bot]" in email or len(files) > 30:
            continue
        services = {placed[f] for f in files if f in placed}
        if services:
            counted += 1
            crossing += len(services) >= 2
    return counted, crossing


def test_counted_changes_match_git_log_after_the_cutoff(shop, tmp_path: Path) -> None:
    repo, result = shop
    cutoff = result["cutoff"]
    mine = result["partitions"]["proposal"]

    counted, crossing = _independent_count(repo, cutoff["sha"], tmp_path / "out")

    assert (mine["counted"], mine["crossing"]) == (counted, crossing)
    assert counted > 0
    assert mine["share"] == round(crossing / counted, 4)
    document = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert document["history"]["commits_used"] == cutoff["before"]
    assert cutoff["before"] + cutoff["after"] == cutoff["history"]
    assert cutoff["before"] >= round(0.8 * cutoff["history"]) - 5


def test_json_shape_and_figures_in_range(shop) -> None:
    _repo, result = shop

    assert set(result) >= {"changes", "cutoff", "partitions", "proposal_beats_package_tree",
                           "seed", "runs"}
    assert set(result["partitions"]) >= {"proposal", "package_tree"}
    for row in result["partitions"].values():
        assert set(row) >= ROW_KEYS
        assert 0 <= row["share"] <= 1 and 0 <= row["random_share"] <= 1
        assert row["lift"] is None or row["lift"] <= 1
        assert row["counted"] <= result["changes"]
    tree = result["partitions"]["package_tree"]
    assert tree["depth"] >= 1
    assert result["runs"] == 5 and result["seed"] == 0
    assert result["cutoff"]["share"] == 0.8
    assert isinstance(result["proposal_beats_package_tree"], bool)


def test_text_table_and_verdict(shop) -> None:
    repo, result = shop

    text = invoke("backtest", str(repo))

    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[1].split()[:3] == ["partition", "groups", "counted"]
    assert lines[2].startswith("proposal")
    assert any(line.startswith("package tree (d") for line in lines)
    verdict = "yes" if result["proposal_beats_package_tree"] else "no"
    assert lines[-1] == f"the proposal's lift beats the package tree's: {verdict}"


def test_in_process_run_is_deterministic_and_matches_the_cli(shop) -> None:
    repo, result = shop

    assert run_backtest(repo) == result
    assert run_backtest(repo, seed=1)["partitions"]["proposal"]["counted"] == (
        result["partitions"]["proposal"]["counted"])


def test_at_date_picks_the_newest_commit_dated_at_or_before(shop) -> None:
    repo, result = shop
    at = result["cutoff"]["date"]

    dated = run_backtest(repo, at=at)

    assert dated["cutoff"]["at"] == at and dated["cutoff"]["share"] is None
    assert dated["cutoff"]["date"] == at
    earlier = invoke("backtest", str(repo), "--at", at[:10], "--share", "0.5")
    assert earlier.exit_code == 2 and "not both" in earlier.stderr


def test_share_outside_zero_one_is_a_usage_error(shop) -> None:
    repo, _ = shop

    for value in ("1.5", "0", "1"):
        result = invoke("backtest", str(repo), "--share", value)
        assert result.exit_code == 2
        assert "Invalid value for '--share'" in result.stderr


def test_bad_at_date_is_one_line_and_exit_2(shop) -> None:
    repo, _ = shop

    for value in ("last tuesday", "2024-02-30"):
        result = invoke("backtest", str(repo), "--at", value)

        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: --at '{value}'"), lines


def test_not_a_git_repository_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")

    result = invoke("backtest", str(tmp_path))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert "not in a git repository" in result.stderr


def test_short_history_is_one_line_and_exit_2(make_repo) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "X = 1\n"}, commit=True)
    for day in range(2, 14):
        commit(repo, {"pkg/a.py": f"X = {day}\n"}, f"change {day}", day=day)

    result = invoke("backtest", str(repo))

    assert result.exit_code == 2
    assert "Not enough history for a backtest" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


def test_analyze_with_backtest_writes_the_validation_section(shop, tmp_path: Path) -> None:
    repo, _ = shop
    out = tmp_path / "out"
    result = invoke("-q", "analyze", str(repo), "-o", str(out), "--backtest")

    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text())
    validation = document["validation"]
    assert validation == run_backtest(repo)
    assert set(validation["partitions"]) >= {"proposal", "package_tree"}


def test_analyze_with_backtest_on_a_short_history_still_writes_the_analysis(
    make_repo, tmp_path: Path
) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "X = 1\n"}, commit=True)
    for day in range(2, 6):
        commit(repo, {"pkg/a.py": f"X = {day}\n"}, f"change {day}", day=day)
    out = tmp_path / "out"

    result = invoke("analyze", str(repo), "-o", str(out), "--backtest")

    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text())
    assert "validation" not in document and document["modules"]
    (warning,) = [w for w in document["warnings"] if w["code"] == "no-backtest"]
    assert "Not enough history for a backtest" in warning["message"]
    assert document["summary"]["warnings"] == len(document["warnings"])
    assert "no-backtest" in result.output  # the summary says it too
