"""The backtest's pure core, against counts made by hand on tiny inputs."""

from __future__ import annotations

import pytest

from analyzer.boundaries.backtest import (
    backtest,
    crossing_share,
    group_sizes,
    lift,
    package_depth,
    package_partition,
    random_partitions,
)

ASSIGNMENT = {"a": "b01", "b": "b01", "c": "b02", "d": "b02", "k": "kernel", "i": "isolated"}


def test_crossing_share_counts_by_hand() -> None:
    changes = [
        {"a", "b"},        # one service: counted, not crossing
        {"a", "c"},        # b01 + b02: crossing
        {"c", "d", "k"},   # b02 (+ kernel, set aside): counted, not crossing
        {"b", "d"},        # crossing
        {"k", "i"},        # kernel and isolated only: not counted
        {"d"},             # counted, not crossing
    ]

    assert crossing_share(changes, ASSIGNMENT) == (pytest.approx(0.4), 5)


def test_kernel_isolated_and_unmapped_modules_are_set_aside() -> None:
    changes = [{"k"}, {"i", "k"}, {"zz"}, set()]

    assert crossing_share(changes, ASSIGNMENT) == (None, 0)
    # A kernel module beside one service does not make the change cross.
    assert crossing_share([{"a", "k", "zz"}], ASSIGNMENT) == (0.0, 1)


def test_crossing_share_takes_its_ignore_set() -> None:
    changes = [{"a", "k"}]

    assert crossing_share(changes, ASSIGNMENT) == (0.0, 1)
    assert crossing_share(changes, ASSIGNMENT, ignore=frozenset()) == (1.0, 1)


def test_package_partition_picks_the_depth_with_the_closest_group_count() -> None:
    modules = ["shop.api.views", "shop.api.urls", "shop.db.models", "shop.db.queries",
               "shop.domain.order", "shop.domain.cart"]
    # depth 1: 1 group; depth 2: 3 groups; depth 3: 6 groups.

    assert package_depth(modules, 3) == 2
    assert package_depth(modules, 5) == 3
    assert package_depth(modules, 1) == 2  # one group cannot cross: depth 1 is no baseline
    assert package_partition(modules, 3) == {
        "shop.api.urls": "shop.api", "shop.api.views": "shop.api",
        "shop.db.models": "shop.db", "shop.db.queries": "shop.db",
        "shop.domain.cart": "shop.domain", "shop.domain.order": "shop.domain"}


def test_package_depth_ties_go_to_the_shallower_depth() -> None:
    modules = [f"{p}.{c}" for p in "pq" for c in "abcd"]
    # depth 1: 2 groups, depth 2: 8 groups; 4 is twice 2 and half 8: the shallower wins.
    assert package_depth(modules, 4) == 1
    assert package_depth(modules, 5) == 2


def test_package_depth_compares_group_counts_by_ratio() -> None:
    """A project package with two stray modules beside it is 3 groups at depth 1: further
    from 15 services than its 40 packages at depth 2 are."""
    modules = ["proj_scripts", "proj_wsgi", *(f"proj.app{i:02d}.m{j}" for i in range(40)
                                              for j in range(3))]
    assert package_depth(modules, 15) == 2
    assert package_depth(modules, 3) == 2  # 3 groups, but one holds nearly everything
    large_core = [*(f"docs.m{i}" for i in range(6)), *(f"mail.m{i}" for i in range(4))]
    assert package_depth(large_core, 2) == 1  # a core app of 60 % still makes a split
    single = [f"proj.app{i}" for i in range(4)]
    assert package_depth(single, 1) == 2
    assert package_depth(["proj"], 3) == 1  # no depth has two groups: the deepest


def test_short_names_are_their_own_prefix() -> None:
    assert package_partition(["app", "app.models.user"], 2) == {
        "app": "app", "app.models.user": "app.models"}


def test_random_partitions_keep_the_sizes_and_the_seed() -> None:
    modules = [f"m{i}" for i in range(10)]

    first = random_partitions(modules, [5, 3, 2], runs=5, seed=7)

    assert len(first) == 5
    for partition in first:
        assert sorted(partition) == sorted(modules)
        assert group_sizes(partition) == [5, 3, 2]
    assert first == random_partitions(modules, [5, 3, 2], runs=5, seed=7)
    assert first != random_partitions(modules, [5, 3, 2], runs=5, seed=8)
    assert len({tuple(sorted(p.items())) for p in first}) > 1


def test_random_partitions_refuse_sizes_that_do_not_add_up() -> None:
    with pytest.raises(ValueError):
        random_partitions(["a", "b", "c"], [2, 2])


def test_lift_formula() -> None:
    assert lift(0.2, 0.8) == pytest.approx(0.75)
    assert lift(0.8, 0.8) == pytest.approx(0.0)
    assert lift(0.6, 0.4) == pytest.approx(-0.5)
    assert lift(None, 0.5) is None
    assert lift(0.1, None) is None
    assert lift(0.0, 0.0) is None


def test_backtest_rows_by_hand() -> None:
    proposal = {"shop.api.cart": "b01", "shop.db.cart": "b01",
                "shop.api.order": "b02", "shop.db.order": "b02",
                "shop.util": "kernel"}
    changes = [
        {"shop.api.cart", "shop.db.cart"},    # proposal: b01 only;   tree: api + db
        {"shop.api.order", "shop.db.order"},  # proposal: b02 only;   tree: api + db
        {"shop.api.cart", "shop.api.order"},  # proposal: crossing;   tree: api only
        {"shop.util"},                         # proposal: not counted; tree: shop.util alone
        set(),                                 # touches no analysed module
    ]

    result = backtest(changes, proposal, None, seed=0)

    mine, tree = result["partitions"]["proposal"], result["partitions"]["package_tree"]
    assert set(result["partitions"]) == {"proposal", "package_tree"}
    assert (mine["groups"], mine["modules"], mine["counted"], mine["crossing"]) == (2, 4, 3, 1)
    assert mine["share"] == pytest.approx(0.3333)
    # depth 1: {shop} = 1 group, which cannot cross: no baseline; depth 2: {shop.api, shop.db,
    # shop.util} = 3 groups.
    assert tree["depth"] == 2 and tree["groups"] == 3
    assert (tree["counted"], tree["crossing"], tree["share"]) == (4, 2, 0.5)
    assert tree["random_share"] > 0 and tree["lift"] is not None
    assert result["proposal_beats_package_tree"] == (mine["lift"] > tree["lift"])
    assert result["changes"] == 5 and result["touching_analysed"] == 4
    # Every random split of 4 modules into 2 + 2: the share is 1/3 or 2/3 or 1 per run.
    assert 0 < mine["random_share"] <= 1
    assert mine["lift"] == pytest.approx(round(1 - mine["share"] / mine["random_share"], 4),
                                         abs=1e-4)
    assert result == backtest(changes, proposal, None, seed=0)


def test_backtest_apps_row_and_verdict() -> None:
    proposal = {f"p.{s}.{m}": f"b{s}" for s in "12" for m in "abc"}
    apps = {**{f"p.1.{m}": "one" for m in "abc"}, "p.2.a": "two", "p.2.b": "one"}
    changes = [{"p.1.a", "p.1.b"}, {"p.2.a", "p.2.c"}, {"p.2.b", "p.2.c"}, {"p.1.c"}] * 3

    result = backtest(changes, proposal, apps, seed=3)

    rows = result["partitions"]
    assert rows["proposal"]["share"] == 0.0 and rows["proposal"]["lift"] == 1.0
    # apps: p.2.c is left out (unplaced); {p.2.a, p.2.c} -> two only; {p.2.b, p.2.c} -> one.
    assert (rows["apps"]["modules"], rows["apps"]["counted"], rows["apps"]["crossing"]) == (
        5, 12, 0)
    # The package tree at depth 2 is the proposal itself here: same lift, so no win.
    assert rows["package_tree"]["depth"] == 2 and rows["package_tree"]["lift"] == 1.0
    assert result["proposal_beats_package_tree"] is False
