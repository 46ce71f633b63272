"""`faultline pr` on ranges of the shop sample's real history: a head older than the base is
refused as swapped arguments, and a long range gives a comment of bounded lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_repos
from analyzer.cli.main import cli


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("prswap") / "shop"
    sample_repos.build("shop", repo, seed=0)
    return repo


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _pr(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "pr", str(repo), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "json", "sarif"])
def test_a_head_older_than_the_base_is_refused_as_swapped(shop: Path, fmt: str) -> None:
    code, out, err = _pr(shop, "--base", "HEAD", "--head", "HEAD~30", "--format", fmt)

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("Error: ") and "Traceback" not in err
    assert "--head 'HEAD~30' is an ancestor of --base 'HEAD'" in err
    assert "swapped" in err and "nothing was compared" in err


def test_the_same_commit_twice_and_a_real_range_still_compare(shop: Path) -> None:
    same = _pr(shop, "--base", "main", "--head", "main")
    ahead = _pr(shop, "--base", "main~30", "--head", "main")

    assert same[0] == 0 and "0 files and 0 modules changed" in same[1] and same[2] == ""
    assert ahead[0] == 0 and "ancestor" not in ahead[2]
    assert re.search(r"Compared \w+ \(merge base\) with \w+: [1-9]\d* files?", ahead[1])


def test_a_long_range_caps_the_modules_of_each_boundary(shop: Path) -> None:
    code, out, _ = _pr(shop, "--base", "main~400", "--head", "main")
    lines = out.splitlines()
    start = lines.index("### Boundaries touched") + 2
    bullets = lines[start:lines.index("", start)]

    assert code == 0
    assert any(b.endswith("more (see the JSON output)") for b in bullets)
    for bullet in bullets:
        shown = bullet.split("**: ", 1)[1].split(" and ")[0].split(", ")
        assert len(shown) <= 10, bullet
        assert len(bullet) < 400, bullet
    assert "- **shared kernel**: " in out
    assert "kernel shared kernel" not in out
