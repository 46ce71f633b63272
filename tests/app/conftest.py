"""The shop sample and its analysis, built once for all app tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import sample_repos
from analyzer.output.document import dumps, to_document
from analyzer.pipeline import analyze

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def shop_analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """analysis.json of the shop sample (history cache off: nothing lands in ~/.cache)."""
    base = tmp_path_factory.mktemp("app-shop")
    repo = base / "shop"
    sample_repos.build("shop", repo, seed=0)
    out = base / "out" / "analysis.json"
    out.parent.mkdir()
    out.write_text(dumps(to_document(analyze(repo, cache=False))), encoding="utf-8")
    return out
