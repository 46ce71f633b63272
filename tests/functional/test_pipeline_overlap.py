"""git history is read while the code is scanned; what the user sees stays in its order."""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer.pipeline as pipeline
import sample_repos
from analyzer.errors import InputError
from analyzer.output.document import to_document


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("overlap") / "shop"
    sample_repos.build("shop", repo, seed=0)
    return repo


def test_progress_keeps_its_order_and_the_result_is_the_same(shop: Path) -> None:
    said: list[str] = []
    overlapped = to_document(pipeline.analyze(shop, progress=said.append, cache=False))
    phases = [next(i for i, m in enumerate(said) if m.startswith(prefix)) for prefix in (
        "discovering packages", "building the import graph",
        "finding string imports", "reading git history", "proposing boundaries")]
    assert phases == sorted(phases)
    again = to_document(pipeline.analyze(shop, cache=False))
    assert {**overlapped, "generated_at": ""} == {**again, "generated_at": ""}


def test_an_error_while_reading_history_reaches_the_caller(
        shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise InputError("git could not read the history here")

    monkeypatch.setattr(pipeline, "read_history", failing)
    with pytest.raises(InputError, match="could not read the history"):
        pipeline.analyze(shop, cache=False)
