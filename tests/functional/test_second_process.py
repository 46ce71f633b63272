"""The stability re-cuts run in a second process where one can help; the analysis is the same
with one process or two, and a child that fails or dies costs time, never the result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import analyzer.pipeline as pipeline
import sample_repos
from analyzer import aside
from analyzer.output.document import to_document

PARENT = os.getpid()


def _where() -> int:
    return os.getpid()


def _fails_in_a_child() -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("only the child fails")
    return 7


def _dies_in_a_child() -> int:
    if os.getpid() != PARENT:
        os._exit(9)
    return 8


def test_work_runs_in_a_child_when_two_jobs_are_asked_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(aside.JOBS_VARIABLE, "2")
    assert aside.wanted()
    assert aside.start(_where)() not in (PARENT, 0)


def test_one_job_keeps_the_work_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(aside.JOBS_VARIABLE, "1")
    assert not aside.wanted()
    assert aside.start(_where)() == PARENT


@pytest.mark.parametrize("setting", ["", "0", "many"])
def test_by_default_a_child_is_used_only_with_a_second_core(
        setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(aside.JOBS_VARIABLE, setting)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert not aside.wanted()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert aside.wanted()


@pytest.mark.parametrize("work, value", [(_fails_in_a_child, 7), (_dies_in_a_child, 8)])
def test_a_child_that_fails_or_dies_leaves_the_work_to_this_process(
        work: object, value: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(aside.JOBS_VARIABLE, "2")
    assert aside.start(work)() == value  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("aside") / "shop"
    sample_repos.build("shop", repo, seed=0)
    return repo


def test_the_analysis_is_the_same_with_one_process_or_two(
        shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    real_start = aside.start

    def counted(work: object) -> object:
        children.append(1)
        return real_start(work)  # type: ignore[arg-type]

    monkeypatch.setattr(aside, "start", counted)
    monkeypatch.setenv(aside.JOBS_VARIABLE, "2")
    two = to_document(pipeline.analyze(shop, cache=False))
    assert children == [1]  # the re-cuts were handed to a child
    monkeypatch.setenv(aside.JOBS_VARIABLE, "1")
    one = to_document(pipeline.analyze(shop, cache=False))
    assert two["boundaries"] and two["metrics"]["stability_runs"] == 6  # 4 seeds, 2 halves
    assert {**two, "generated_at": ""} == {**one, "generated_at": ""}


def test_the_app_never_forks_its_server(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_work: object) -> object:
        raise AssertionError("a child was started")

    monkeypatch.setattr(aside, "start", refused)
    monkeypatch.setenv(aside.JOBS_VARIABLE, "2")
    found = to_document(pipeline.analyze(shop, cache=False, second_process=False))
    assert found["metrics"]["stability_runs"] == 6
