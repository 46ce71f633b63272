"""Change coupling on small hand-written histories; every figure is worked out in a comment."""

from __future__ import annotations

import random

import pytest

from analyzer.history.commitsets import CommitSets, size_weight
from analyzer.history.coupling import (
    CouplingPair,
    Revision,
    Thresholds,
    couple,
    logical_changesets,
    mark_hidden,
    scale_thresholds,
)

LOOSE = Thresholds(min_revisions=2, min_shared=2, min_degree=0.3)


def history(*commits: tuple[str, ...], author: str = "ann") -> list[Revision]:
    """One revision per tuple of paths, a minute apart."""
    return [
        Revision(sha=f"c{i}", author=author, timestamp=60 * i, message="", paths=paths)
        for i, paths in enumerate(commits, start=1)
    ]


# c1..c8. revisions: a = c1 c2 c3 c4 c7 = 5; b = c1 c2 c3 c5 = 4; c = c2 c4 c6 = 3;
# d = c6 c7 c8 = 3. shared: ab = c1 c2 c3 = 3; ac = c2 c4 = 2; bc = cd = ad = 1.
EIGHT = history(
    ("a", "b"),
    ("a", "b", "c"),
    ("a", "b"),
    ("a", "c"),
    ("b",),
    ("c", "d"),
    ("a", "d"),
    ("d",),
)


def test_degree_shared_and_revisions() -> None:
    result = couple(EIGHT, LOOSE)

    assert result.revisions == {"a": 5, "b": 4, "c": 3, "d": 3}
    # ab: 3 / mean(5, 4) = 3 / 4.5 = 2/3; ac: 2 / mean(5, 3) = 2 / 4 = 0.5.
    # bc, cd, ad share one commit each: below min_shared = 2.
    assert result.pairs == (
        CouplingPair("a", "b", shared=3, revisions_a=5, revisions_b=4, degree=pytest.approx(2 / 3)),
        CouplingPair("a", "c", shared=2, revisions_a=5, revisions_b=3, degree=0.5),
    )
    assert result.commits == 8
    assert result.dropped_large == 0


def test_min_degree_drops_weak_pairs() -> None:
    # Same history; ac's degree 0.5 is below 0.6, ab's 0.667 is not.
    result = couple(EIGHT, Thresholds(min_revisions=2, min_shared=2, min_degree=0.6))

    assert [(p.a, p.b) for p in result.pairs] == [("a", "b")]


def test_sum_of_coupling() -> None:
    # SoC = sum over commits touching e of (files in commit - 1):
    # a: c1 1 + c2 2 + c3 1 + c4 1 + c7 1 = 6; b: c1 1 + c2 2 + c3 1 + c5 0 = 4;
    # c: c2 2 + c4 1 + c6 1 = 4; d: c6 1 + c7 1 + c8 0 = 2.
    assert couple(EIGHT, LOOSE).sum_of_coupling == {"a": 6, "b": 4, "c": 4, "d": 2}


def test_a_path_listed_twice_in_a_commit_counts_once() -> None:
    result = couple(history(("a", "a", "b"), ("a", "b")), LOOSE)

    assert result.revisions == {"a": 2, "b": 2}
    assert result.sum_of_coupling == {"a": 2, "b": 2}
    assert result.pairs[0].shared == 2


def test_min_revisions_applies_to_the_pair_mean_not_each_file() -> None:
    # x changes 3 times, always with y; y changes 8 times. mean = (3 + 8) / 2 = 5.5 >= 5, so
    # the pair stays although x alone has 3 < 5 revisions; degree = 3 / 5.5 = 6/11.
    # p and q change together 4 times and never apart: degree 1, but mean 4 < 5: dropped.
    commits = [("x", "y")] * 3 + [("y",)] * 5 + [("p", "q")] * 4
    result = couple(history(*commits), Thresholds(min_revisions=5, min_shared=3))

    assert result.pairs == (CouplingPair("x", "y", 3, 3, 8, pytest.approx(6 / 11)),)
    assert result.revisions["p"] == result.revisions["q"] == 4


def test_large_commits_are_dropped_before_any_counting() -> None:
    # The 4-file commit exceeds max_files = 3: it adds to no revision count, no pair, no SoC.
    commits = [("a", "b"), ("a", "b"), ("a", "b", "c", "d"), ("c", "d"), ("c",)]
    result = couple(history(*commits), Thresholds(1, 1, 0.0, max_files=3))

    assert result.dropped_large == 1
    assert result.commits == 4
    assert result.revisions == {"a": 2, "b": 2, "c": 2, "d": 1}
    assert result.sum_of_coupling == {"a": 2, "b": 2, "c": 1, "d": 1}
    # cd: 1 / mean(2, 1) = 2/3. Had the big commit counted, there would be ac, ad, bc, bd too.
    assert [(p.a, p.b, p.shared) for p in result.pairs] == [("a", "b", 2), ("c", "d", 1)]


def test_the_size_cap_applies_after_include() -> None:
    # Four paths, but the test file is excluded first: three files remain, within the cap.
    commits = [("a", "b", "c", "tests/test_a.py")] * 2
    result = couple(
        history(*commits),
        Thresholds(1, 1, 0.0, max_files=3),
        include=lambda path: not path.startswith("tests/"),
    )

    assert result.dropped_large == 0
    assert result.revisions == {"a": 2, "b": 2, "c": 2}
    assert {(p.a, p.b) for p in result.pairs} == {("a", "b"), ("a", "c"), ("b", "c")}


def test_aggregation_to_modules_counts_a_commit_once_per_module() -> None:
    # x and y belong to module A, z to B; tests map to None and are ignored.
    module = {"pkg/a/x.py": "A", "pkg/a/y.py": "A", "pkg/b/z.py": "B"}
    commits = [
        ("pkg/a/x.py", "pkg/a/y.py", "pkg/b/z.py"),  # A, B
        ("pkg/a/x.py", "pkg/a/y.py"),  # A once, not twice
        ("pkg/a/x.py", "pkg/b/z.py"),  # A, B
        ("pkg/a/y.py", "pkg/b/z.py", "tests/test_z.py"),  # A, B
        ("pkg/b/z.py",),  # B
    ]
    result = couple(history(*commits), LOOSE, key=module.get)

    # A: 4 revisions (x and y changed 3 times each, but in 4 commits); B: 4; shared 3;
    # degree = 3 / mean(4, 4) = 0.75. SoC counts distinct modules: A = B = 1 + 1 + 1 = 3.
    assert result.revisions == {"A": 4, "B": 4}
    assert result.sum_of_coupling == {"A": 3, "B": 3}
    assert result.pairs == (CouplingPair("A", "B", 3, 4, 4, 0.75),)


def test_mark_hidden_flags_pairs_without_an_import_either_way() -> None:
    imports = {("b", "a")}  # b imports a; nothing links a and c
    pairs = couple(EIGHT, LOOSE).pairs

    marked = mark_hidden(pairs, lambda x, y: (x, y) in imports)

    assert [(p.a, p.b, p.hidden) for p in marked] == [("a", "b", False), ("a", "c", True)]
    assert not any(p.hidden for p in pairs)  # copies: the input is left as it was


def test_scaling_for_a_short_history() -> None:
    # 120 commits: f = 0.24; ceil(5 * 0.24) = 2, raised to the floor 3.
    thresholds = scale_thresholds(120)

    assert (thresholds.min_shared, thresholds.min_revisions) == (3, 3)
    assert (thresholds.min_degree, thresholds.max_files) == (0.30, 30)
    assert thresholds.scaled is True
    assert "120" in thresholds.reason and "5 -> 3" in thresholds.reason
    assert thresholds.to_dict()["scaled"] is True


@pytest.mark.parametrize(
    ("commits", "expected"),
    [(0, 3), (120, 3), (300, 3), (301, 4), (400, 4), (401, 5), (499, 5), (500, 5), (10_000, 5)],
)
def test_scaling_is_linear_and_rounds_up(commits: int, expected: int) -> None:
    # min_shared = max(3, ceil(5 * commits / 500)), never above 5.
    assert scale_thresholds(commits).min_shared == expected


def test_long_histories_and_low_thresholds_are_not_scaled() -> None:
    assert scale_thresholds(500) == Thresholds()
    assert scale_thresholds(450).scaled is False  # ceil(4.5) = 5: nothing changes
    low = Thresholds(min_revisions=2, min_shared=2)
    assert scale_thresholds(10, low) == low  # scaling never raises a threshold


def test_scaled_thresholds_find_coupling_that_the_defaults_miss() -> None:
    commits = [("a", "b")] * 3 + [("a",)]  # ab: shared 3, mean(4, 3) = 3.5, degree 6/7
    revisions = history(*commits)

    assert couple(revisions, Thresholds()).pairs == ()
    scaled = couple(revisions, scale_thresholds(len(revisions)))
    assert [(p.a, p.b) for p in scaled.pairs] == [("a", "b")]
    assert scaled.thresholds.scaled is True


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        Thresholds(min_degree=1.5)
    with pytest.raises(ValueError):
        Thresholds(max_files=1)


def test_ordering_is_deterministic() -> None:
    # ab and cd both: shared 2, degree 1. ef: shared 2, degree 2 / mean(2, 3) = 0.8.
    # gh: shared 3, degree 1. Order: degree desc, shared desc, then a, b.
    commits = [("a", "b"), ("b", "a"), ("d", "c"), ("c", "d"), ("e", "f"), ("f", "e"), ("f",)]
    commits += [("g", "h")] * 3
    expected = [("g", "h"), ("a", "b"), ("c", "d"), ("e", "f")]
    rng = random.Random(7)
    for _ in range(5):
        shuffled = [tuple(rng.sample(c, len(c))) for c in rng.sample(commits, len(commits))]
        result = couple(history(*shuffled), LOOSE)
        assert [(p.a, p.b) for p in result.pairs] == expected
        assert list(result.revisions) == sorted(result.revisions)


def rev(
    sha: str, author: str, timestamp: int, paths: tuple[str, ...], message: str = ""
) -> Revision:
    return Revision(sha, author, timestamp, message, paths)


def test_logical_changesets_by_author_within_a_window() -> None:
    revisions = [
        rev("r4", "alice", 4000, ("d",)),  # input order does not matter: sorted by time
        rev("r1", "alice", 0, ("a",)),
        rev("r2", "bob", 100, ("b",)),  # bob's commit between alice's does not split her set
        rev("r3", "alice", 1000, ("c", "a")),
        rev("r5", "alice", 4100, ("a",)),
    ]

    merged = logical_changesets(revisions, window_seconds=3600)

    # r3 is 1000 s after r1: same set. r4 is 4000 s after r1, the set's start: a new set
    # (windows are measured from a set's first commit, not chained). r5 joins r4's set.
    assert merged == [
        Revision("r1+r3", "alice", 0, "\n", ("a", "c")),
        Revision("r2", "bob", 100, "", ("b",)),
        Revision("r4+r5", "alice", 4000, "\n", ("d", "a")),
    ]


def test_logical_changesets_by_ticket() -> None:
    revisions = [
        rev("r1", "alice", 0, ("a",), "PAY-1 start"),
        rev("r2", "bob", 10, ("b",), "PAY-2 other"),
        rev("r3", "bob", 100_000, ("c",), "fix PAY-1"),
        rev("r4", "alice", 20, ("d",), "no ticket"),
    ]

    merged = logical_changesets(revisions, ticket_pattern=r"[A-Z]+-\d+")

    # Same ticket: one set whoever made the commits and however far apart.
    assert merged == [
        Revision("r1+r3", "alice", 0, "PAY-1 start\nfix PAY-1", ("a", "c")),
        revisions[1],
        revisions[3],
    ]


def test_logical_changesets_without_rules_change_nothing_but_order() -> None:
    revisions = history(("a",), ("b",))[::-1]

    assert logical_changesets(revisions) == revisions[::-1]


def test_cochange_for_the_cut_weighs_each_commit_by_its_size() -> None:
    # a and b change together once, alone; c and d once, in a sweep over 16 files.
    sweep = ("c", "d", *(f"x{i:02d}" for i in range(14)))
    history = [Revision("r1", "alice", 0, "", ("a", "b")),
               Revision("r2", "alice", 60, "", sweep),
               Revision("r3", "alice", 120, "", ("a", "c")),
               Revision("r4", "alice", 180, "", ("b", "d"))]
    rows = {(a, b): (degree, n) for a, b, degree, n in CommitSets(history).cochange()}
    assert size_weight(2) == 1000 and size_weight(4) == 500 and size_weight(16) == 250
    assert rows[("a", "b")] == (0.5, 1)  # 2 x 1 / (2 + 2)
    assert rows[("c", "d")] == (0.125, 1)  # 2 x 1/4 / (2 + 2): the sweep says less
    assert rows[("a", "c")] == (0.5, 1)
    # The coupling people read keeps the plain count: both pairs share one commit of two.
    plain = {(p.a, p.b): p.degree for p in couple(history, Thresholds(
        min_revisions=1, min_shared=1, min_degree=0.0)).pairs}
    assert plain[("a", "b")] == plain[("c", "d")] == 0.5
