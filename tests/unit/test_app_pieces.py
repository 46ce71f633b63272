"""Pieces of one Django app become one boundary again; the project package's pieces do not."""

from __future__ import annotations

from analyzer.boundaries.apps import rejoin_apps
from analyzer.boundaries.project import project_packages_of
from analyzer.model import ISOLATED, KERNEL, Signals


def _signals(apps: dict[str, str]) -> Signals:
    modules = tuple(sorted(set(apps) | set(apps.values())))
    return Signals(modules=modules, imports=(), apps=tuple(sorted(apps.items())))


def test_the_pieces_of_an_app_join_the_largest_piece() -> None:
    apps = {f"documents.search.m{i}": "documents" for i in range(3)}
    apps |= {f"documents.plugins.p{i}": "documents" for i in range(5)}
    apps |= {f"mail.m{i}": "mail" for i in range(4)}
    assignment = {m: ("b1" if ".plugins." in m else "b2") for m in apps if m.startswith("doc")}
    assignment |= {"documents": "b2"} | {m: "b3" for m in apps if m.startswith("mail")}
    assignment |= {"mail": "b3"}
    result = rejoin_apps(assignment, _signals(apps))
    assert {result[m] for m in apps if m.startswith("documents")} == {"b1"}  # 5 > 3 + package
    assert result["documents"] == "b1"
    assert {result[m] for m in apps if m.startswith("mail")} == {"b3"}


def test_a_boundary_mixing_apps_below_the_share_is_left_alone() -> None:
    apps = {f"a.m{i}": "a" for i in range(6)} | {f"b.m{i}": "b" for i in range(4)}
    assignment = {f"a.m{i}": "x" for i in range(3)} | {f"a.m{i}": "y" for i in range(3, 6)}
    assignment |= {f"b.m{i}": "y" for i in range(4)} | {"a": "x", "b": "y"}
    # y: 3 of a, 5 of b (b and its package) of 8 modules: no app holds 80 % of it
    assert rejoin_apps(assignment, _signals(apps)) == assignment


def test_the_project_package_keeps_its_domains_apart() -> None:
    apps = {f"dojo.{d}.m{i}": "dojo" for d in ("tools", "finding", "engagement") for i in range(4)}
    assert project_packages_of(_signals(apps).modules) == frozenset({"dojo"})
    assignment = {m: m.split(".")[1] for m in apps} | {"dojo": "tools"}
    assert rejoin_apps(assignment, _signals(apps)) == assignment


def test_the_kernel_and_the_isolated_group_are_not_pieces() -> None:
    apps = {f"shop.m{i}": "shop" for i in range(4)} | {"shop.core": "shop", "shop.lone": "shop"}
    other = {f"other.m{i}": "other" for i in range(8)}
    assignment = {f"shop.m{i}": "b1" for i in range(4)} | {"shop": "b1"}
    assignment |= {"shop.core": KERNEL, "shop.lone": ISOLATED} | {m: "b9" for m in other}
    assignment |= {"other": "b9"}
    result = rejoin_apps(assignment, _signals(apps | other))
    assert result["shop.core"] == KERNEL and result["shop.lone"] == ISOLATED
    assert result == assignment
