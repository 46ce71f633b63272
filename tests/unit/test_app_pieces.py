"""Pieces of one Django app become one boundary again; the project package's pieces do not."""

from __future__ import annotations

from dataclasses import replace

from analyzer.boundaries.apps import plugin_families, rejoin, whole_units
from analyzer.boundaries.project import project_packages_of
from analyzer.model import ISOLATED, KERNEL, Signals


def rejoin_apps(assignment: dict[str, str], signals: Signals) -> dict[str, str]:
    return rejoin(assignment, whole_units(signals))


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


def _plugins(parent: str, names: tuple[str, ...], shape: tuple[str, ...]) -> list[str]:
    return [parent] + [m for n in names for m in (f"{parent}.{n}",
                                                  *(f"{parent}.{n}.{leaf}" for leaf in shape))]


def test_sibling_packages_of_one_shape_are_a_family_of_plugins() -> None:
    plugins = _plugins("hc.integrations", ("slack", "email", "sms", "matrix", "discord",
                                           "gotify", "ntfy", "pushover"),
                       ("transport", "views", "urls"))
    modules = ["hc", "hc.api", "hc.api.models", *plugins]
    modules.append("hc.integrations.matrix.formatting")  # one plugin with a module more
    found = plugin_families(modules)
    assert set(found) == {m for m in modules if m.startswith("hc.integrations.")}
    assert set(found.values()) == {"hc.integrations"}


def test_packages_of_other_shapes_two_plugins_and_apps_are_no_family() -> None:
    mixed = ["p"] + [f"p.{a}.{leaf}" for a, leaf in (("a", "x"), ("b", "y"), ("c", "z"))]
    mixed += ["p.a", "p.b", "p.c"]
    assert plugin_families(mixed) == {}
    seven = tuple("abcdefg")
    assert plugin_families(_plugins("p", seven, ("views", "urls"))) == {}
    eight = (*seven, "h")
    assert plugin_families(_plugins("p", eight, ("views", "urls")))  # a family of eight
    apps = _plugins("p", eight, ("models", "views", "urls"))
    assert plugin_families(apps, apps=[f"p.{a}" for a in eight]) == {}


def test_a_layer_s_slices_of_domains_are_no_family() -> None:
    domains = [m for d in ("order", "basket", "catalogue") for m in (f"shop.{d}",
                                                                      f"shop.{d}.models")]
    extra = [f"shop.{d}" for d in ("payment", "shipping", "tax", "stock", "promo")]
    extra += [f"{m}.models" for m in extra]
    layer = _plugins("shop.graphql", ("order", "basket", "catalogue"), ("types", "mutations"))
    uses = [(f"shop.graphql.{d}.types", f"shop.{d}.models")
            for d in ("order", "basket", "catalogue")]
    assert plugin_families(["shop", *domains, *extra, *layer], imports=uses) == {}
    # without those imports, shop's eight sub-packages would look like plugins of one kind
    assert set(plugin_families(["shop", *domains, *extra, *layer]).values()) == {"shop"}


def test_bunches_of_plugins_become_one_boundary_inside_the_project_package() -> None:
    tools = _plugins("dojo.tools", tuple(f"scanner{i}" for i in range(8)), ("parser",))
    rest = [f"dojo.{d}.m{i}" for d in ("finding", "engagement") for i in range(6)]
    modules = ["dojo", *tools, *rest, "dojo.finding", "dojo.engagement"]
    apps = {m: "dojo" for m in modules if m != "dojo"}
    assignment = {m: m.split(".")[1] if m.count(".") else "finding" for m in modules}
    for module in tools:  # the cut left the scanners in two bunches
        assignment[module] = "t2" if any(f"scanner{i}" in module for i in (5, 6, 7)) else "t1"
    domains = (("dojo.finding.m0", "dojo.engagement.m1"), ("dojo.engagement.m2", "dojo.finding.m3"))
    signals = replace(_signals(apps), imports=domains)
    result = rejoin_apps(assignment, signals)
    assert {result[m] for m in tools} == {"t1"}
    assert result["dojo.finding.m0"] == "finding" and result["dojo.engagement.m0"] == "engagement"
