"""Issue 14, items 9, 20 and 21: history ranges that cannot be read, repositories that cannot be
analysed as they are, and history-cache entries of the wrong shape. Real git repositories.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from analyzer.history.log import HistoryOptions, read_history
from tests.conftest import MakeRepo, commit, git

FILES = {
    "shop/__init__.py": "",
    "shop/orders.py": "from shop import payments\n",
    "shop/payments.py": "X = 1\n",
}


def _repo(make_repo: MakeRepo) -> Path:
    repo = make_repo(FILES, commit=True)
    for day in range(2, 8):
        commit(repo, {"shop/orders.py": f"from shop import payments\n# {day}\n",
                      "shop/payments.py": f"X = {day}\n"}, f"change {day}", day=day)
    return repo


def _analyze(repo: Path, out: Path, *options: str):
    return CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out), *options])


def _one_error_line(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


@pytest.mark.parametrize("options", [
    ["--since", "2024-13-45"],
    ["--since", "2024-02-30"],
    ["--until", "2024-01-05T25:61"],
    ["--since", "2023-02-29"],
    ["--until", "2024-01-05T10:00+05:99"],
    ["--since", "2030-01-01"],
    ["--rev", "^HEAD~3"],
    ["--rev", "main", "--until", "2000-01-01"],
], ids=" ".join)
def test_impossible_dates_are_refused_and_an_empty_range_warns(
        make_repo: MakeRepo, tmp_path: Path, options: list[str]) -> None:
    repo = _repo(make_repo)
    out = tmp_path / "out"

    result = _analyze(repo, out, *options)

    if options[1][:4] in ("2024", "2023"):  # a day or time that does not exist
        line = _one_error_line(result)
        assert f"'{options[1]}' is not a date" in line
        assert not (out / "analysis.json").exists()
        return
    assert result.exit_code == 0, result.output
    document = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert document["history"]["commits_read"] == 0
    warnings = [w for w in document["warnings"] if w["code"] == "empty-range"]
    assert len(warnings) == 1
    assert warnings[0]["message"].startswith("No commits in the range")
    assert all(option in warnings[0]["message"] for option in options)
    assert "empty-range" in result.stdout  # the summary shows it


@pytest.mark.parametrize("case", ["bare", "dot-git", "rev-outside-git", "rev-in-empty-repo"])
def test_a_bare_repository_and_a_rev_without_history_are_clear_errors(
        make_repo: MakeRepo, tmp_path: Path, case: str) -> None:
    out = tmp_path / "out"
    if case in ("bare", "dot-git"):
        repo = _repo(make_repo)
        target = repo / ".git"
        if case == "bare":
            target = tmp_path / "shop.git"
            git(tmp_path, "clone", "-q", "--bare", str(repo), str(target))
        line = _one_error_line(_analyze(target, out))
        if case == "bare":
            assert "is a bare git repository" in line and "git clone" in line
        else:
            assert "is the .git folder of a repository" in line
    else:
        folder = make_repo(FILES)
        if case == "rev-in-empty-repo":
            git(folder, "init", "-q", "-b", "main")
        line = _one_error_line(_analyze(folder, out, "--rev", "nosuch"))
        assert "'nosuch'" in line
        assert ("not in a git repository" if case == "rev-outside-git"
                else "has no commits yet") in line
        # Without --rev the same folder is analysed (imports only).
        assert _analyze(folder, out).exit_code == 0
        return
    assert not out.exists()


_MAGIC = b"faultline-history-cache\n"


def _rewrite_rows(path: Path, rows: object) -> None:
    """Replace an entry's rows, keeping its header (key, stamp) and a digest that matches."""
    data = path.read_bytes()
    start = len(_MAGIC) + 4
    header = pickle.loads(data[start:start + int.from_bytes(data[len(_MAGIC):start], "big")])
    payload = pickle.dumps(rows, protocol=5)
    header.update(size=len(payload), digest=hashlib.blake2b(payload).hexdigest())
    new_header = pickle.dumps(header, protocol=5)
    path.write_bytes(_MAGIC + len(new_header).to_bytes(4, "big") + new_header + payload)


@pytest.mark.parametrize("rows", [
    [("x",)],
    [(1, 2, 3, 4, 5, 6, 7, 8)],
    [("a" * 40, "Ada", "ada@example.com", 1, (), "m", (("M", "shop/a.py"),), 1)],
    [("a" * 40, "Ada", "ada@example.com", "1", (), "m", (), 1)],
    [(5, (), False, None, None, (), ()), ("sha", "Ada", "not a time", "m", ("shop/a.py",))],
    [(5, (), False, None, None, (), ()), ("sha", "Ada", 1, "m", "shop/a.py")],
    [None],
], ids=["short", "numbers", "two-field-change", "text-stamp", "summary-text-stamp",
        "summary-path-text", "none"])
def test_a_cache_entry_of_the_wrong_shape_is_a_miss(
        make_repo: MakeRepo, faultline_cache_dir: Path, tmp_path: Path, rows: list) -> None:
    repo = _repo(make_repo)
    expected = read_history(repo, HistoryOptions(), cache=False)
    assert read_history(repo, HistoryOptions()) == expected  # writes the two entries
    entries = sorted((faultline_cache_dir / "history").glob("*.pickle"))
    assert len(entries) == 2  # the raw log and its summary
    for entry in entries:
        _rewrite_rows(entry, rows)

    assert read_history(repo, HistoryOptions()) == expected
    assert read_history(repo, HistoryOptions()) == expected  # and written again, whole
    result = _analyze(repo, tmp_path / "out")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("since, until", [
    ("2024-01-06", "2024-01-02"),
    ("2024-01-02T10:00+02:00", "2024-01-02T07:59Z"),
])
def test_a_range_that_ends_before_it_starts_is_refused_in_one_line(
        make_repo: MakeRepo, tmp_path: Path, since: str, until: str) -> None:
    repo = _repo(make_repo)
    out = tmp_path / "out"

    result = _analyze(repo, out, "--since", since, "--until", until)

    line = _one_error_line(result)
    assert f"--since {since} is after --until {until}" in line and "swap" in line
    assert not (out / "analysis.json").exists()
    # one day, or the same moment in two zones, is a range
    assert _analyze(repo, out, "--since", "2024-01-03", "--until", "2024-01-03").exit_code == 0
    assert _analyze(repo, out, "--since", "2024-01-02T10:00+02:00",
                    "--until", "2024-01-02T08:00Z").exit_code == 0
