"""Ownership shares and bus factor, worked out by hand."""

from __future__ import annotations

import pytest

from analyzer.history.coupling import Revision
from analyzer.history.ownership import Ownership, own

REVISIONS = [
    Revision("r1", "alice", 1, "", ("a.py", "pkg/x.py")),
    Revision("r2", "bob", 2, "", ("a.py",)),
    Revision("r3", "alice", 3, "", ("a.py",)),
    Revision("r4", "carol", 4, "", ("pkg/x.py", "pkg/y.py")),
    Revision("r5", "bob", 5, "", ("pkg/y.py",)),
    Revision("r6", "alice", 6, "", ("a.py",)),
]


def test_ownership_per_path() -> None:
    # a.py: alice r1 r3 r6 = 3, bob r2 = 1; share 3/4; alice alone has 3 > 4/2: bus factor 1.
    # pkg/x.py: alice r1, carol r4; tie broken by name; 1 is not > 2/2, so bus factor 2.
    # pkg/y.py: carol r4, bob r5; bob first by name.
    assert own(REVISIONS) == (
        Ownership("a.py", 4, (("alice", 3), ("bob", 1)), "alice", 0.75, 1),
        Ownership("pkg/x.py", 2, (("alice", 1), ("carol", 1)), "alice", 0.5, 2),
        Ownership("pkg/y.py", 2, (("bob", 1), ("carol", 1)), "bob", 0.5, 2),
    )


def test_ownership_per_package_counts_a_commit_once() -> None:
    # pkg: r1 alice, r4 carol (x and y, once), r5 bob: 3 revisions, 1 each; share 1/3;
    # one author covers 1 (not > 1.5), two cover 2 (> 1.5): bus factor 2. a.py maps to None.
    packages = own(REVISIONS, key=lambda path: path.rsplit("/", 1)[0] if "/" in path else None)

    assert packages == (
        Ownership(
            "pkg", 3, (("alice", 1), ("bob", 1), ("carol", 1)), "alice", pytest.approx(1 / 3), 2
        ),
    )


@pytest.mark.parametrize(
    ("counts", "bus_factor"),
    [
        ({"a": 6}, 1),
        ({"a": 5, "b": 5}, 2),  # exactly half is not more than half
        ({"a": 6, "b": 4}, 1),
        ({"a": 4, "b": 3, "c": 2, "d": 1}, 2),  # 4 of 10 no; 4 + 3 = 7 of 10 yes
        ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}, 3),  # 3 of 5 is the first > 2.5
    ],
)
def test_bus_factor(counts: dict[str, int], bus_factor: int) -> None:
    revisions = [
        Revision(f"{author}{i}", author, i, "", ("f.py",))
        for author, count in counts.items()
        for i in range(count)
    ]

    (ownership,) = own(revisions)

    assert ownership.bus_factor == bus_factor
    assert ownership.revisions == sum(counts.values())
