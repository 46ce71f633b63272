"""Hotspot scores and ranks, worked out by hand."""

from __future__ import annotations

from analyzer.history.hotspots import Hotspot, score_hotspots

# max revisions = 10 (churny.py), max complexity = 50 (stable.py); only files in both maps count.
REVISIONS = {"core.py": 8, "stable.py": 1, "churny.py": 10, "only_revisions.py": 30}
COMPLEXITY = {"core.py": 40.0, "stable.py": 50.0, "churny.py": 5.0, "only_complexity.py": 99.0}


def test_complex_and_churny_beats_complex_but_stable_and_simple_but_churny() -> None:
    hotspots = score_hotspots(REVISIONS, COMPLEXITY, module_of={"core.py": "app.core"})

    # core:   (8 / 10) * (40 / 50) = 0.8 * 0.8 = 0.64 (0.6400000000000001 before rounding)
    # churny: (10 / 10) * (5 / 50) = 0.1;  stable: (1 / 10) * (50 / 50) = 0.1: a tie, by path.
    assert hotspots == (
        Hotspot("core.py", "app.core", 8, 40.0, 0.64, 1),
        Hotspot("churny.py", None, 10, 5.0, 0.1, 2),
        Hotspot("stable.py", None, 1, 50.0, 0.1, 3),
    )


def test_limit_keeps_the_hottest() -> None:
    assert [h.path for h in score_hotspots(REVISIONS, COMPLEXITY, limit=2)] == [
        "core.py",
        "churny.py",
    ]


def test_scores_are_rounded_to_six_places() -> None:
    # a: (1 / 3) * 1 = 0.333333...; b: 1 * 1 = 1.
    hotspots = score_hotspots({"a": 1, "b": 3}, {"a": 7.0, "b": 7.0})

    assert [(h.path, h.score) for h in hotspots] == [("b", 1.0), ("a", 0.333333)]


def test_nothing_to_score_and_zero_complexity() -> None:
    assert score_hotspots({"a": 3}, {"b": 1.0}) == ()
    assert [h.score for h in score_hotspots({"a": 3, "b": 1}, {"a": 0.0, "b": 0.0})] == [0.0, 0.0]
