"""The app truth of Django-style monoliths (QUALITY.md), with expectations written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.boundaries.evaluation import (
    app_of,
    drop_small_apps,
    project_packages_of,
    truth_from_apps,
)
from analyzer.cli.main import cli


def test_first_segment_below_the_project_package_with_layers_skipped() -> None:
    modules = ["shop", "shop.order", "shop.order.utils", "shop.order.models",
               "shop.catalog", "shop.catalog.models", "shop.graphql", "shop.graphql.order",
               "shop.graphql.order.types", "shop.api.v1.catalog.views", "shop.settings"]
    assert truth_from_apps(modules) == {
        "shop": "shop",                            # the project package itself
        "shop.order": "order",
        "shop.order.utils": "order",
        "shop.order.models": "order",
        "shop.catalog": "catalog",
        "shop.catalog.models": "catalog",
        "shop.graphql": "graphql",                 # a layer package itself
        "shop.graphql.order": "order",
        "shop.graphql.order.types": "order",
        "shop.api.v1.catalog.views": "catalog",    # two layers skipped
        "shop.settings": "settings",               # a top module with no app below it
    }


def test_oscar_style_apps_and_dashboard_layers() -> None:
    modules = ["oscar", "oscar.apps", "oscar.apps.basket", "oscar.apps.basket.models",
               "oscar.apps.dashboard", "oscar.apps.dashboard.orders.views",
               "oscar.apps.dashboard.orders.forms", "oscar.core.loading",
               "oscar.templatetags.basket_tags", "sandbox.settings"]
    assert project_packages_of(modules) == frozenset({"oscar"})
    assert truth_from_apps(modules) == {
        "oscar": "oscar",
        "oscar.apps": "apps",
        "oscar.apps.basket": "basket",
        "oscar.apps.basket.models": "basket",
        "oscar.apps.dashboard": "dashboard",
        "oscar.apps.dashboard.orders.views": "orders",
        "oscar.apps.dashboard.orders.forms": "orders",
        "oscar.core.loading": "core",
        "oscar.templatetags.basket_tags": "basket_tags",
        "sandbox.settings": "sandbox",             # beside the project package: first segment
    }


def test_apps_at_the_top_of_a_source_root() -> None:
    modules = ["inventory", "inventory.models", "inventory.views.stock", "billing.models",
               "billing.api.invoices", "api.orders.serializers", "manage"]
    assert project_packages_of(modules) == frozenset()
    assert truth_from_apps(modules) == {
        "inventory": "inventory",
        "inventory.models": "inventory",
        "inventory.views.stock": "inventory",
        "billing.models": "billing",
        "billing.api.invoices": "billing",
        "api.orders.serializers": "orders",        # a top-level layer package is skipped too
        "manage": "manage",
    }


def test_project_package_needs_most_modules_and_several_subpackages() -> None:
    # One top-level package whose modules are flat: it is the one app.
    flat = ["tool", "tool.cli", "tool.core", "tool.io"]
    assert project_packages_of(flat) == frozenset()
    assert set(truth_from_apps(flat).values()) == {"tool"}
    # A big app beside others (paperless-ngx style) is not a project package.
    apps = [f"documents.sub{i}.m" for i in range(6)] + [f"mail.m{i}" for i in range(4)]
    assert project_packages_of(apps) == frozenset()
    assert set(truth_from_apps(apps).values()) == {"documents", "mail"}
    # An explicit project package overrides the guess.
    assert truth_from_apps(apps, ["documents"])["documents.sub3.m"] == "sub3"
    assert app_of("x.v2.views.y", ["x"]) == "y"


def test_apps_of_fewer_than_three_modules_are_left_out() -> None:
    truth = {"a.1": "a", "a.2": "a", "a.3": "a", "b.1": "b", "b.2": "b", "c.1": "c"}
    assert drop_small_apps(truth) == {"a.1": "a", "a.2": "a", "a.3": "a"}
    assert drop_small_apps(truth, 2) == {m: t for m, t in truth.items() if t != "c"}
    assert drop_small_apps({}) == {}


def _analysis(tmp_path: Path) -> Path:
    """A minimal analysis.json: the proposal splits `order` in two and merges the rest."""
    boundary = {"shop.order.models": "b1", "shop.order.views": "b1", "shop.order.utils": "b2",
                "shop.api.order": "b2", "shop.catalog.models": "b3",
                "shop.catalog.views": "b3", "shop.catalog.forms": "b3",
                "shop.settings": "isolated"}
    document = {"schema_version": "1.2",
                "modules": [{"name": name, "boundary": b} for name, b in boundary.items()]}
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_evaluate_cli_with_truth_apps(tmp_path: Path) -> None:
    path = _analysis(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    # shop.settings is an app of one module: left out; order (4) and catalog (3) compared.
    assert figures["left_out"] == 1
    assert figures["modules"] == 7
    assert figures["truth_components"] == 2 and figures["found_components"] == 3
    # Pairs: 5 agree inside found and true groups, 9 true pairs, 5 found pairs, 21 in all:
    # ARI = (5 - 9 * 5 / 21) / ((9 + 5) / 2 - 9 * 5 / 21) = 10 / 17.
    assert figures["ari"] == pytest.approx(10 / 17, abs=1e-4)
    # catalog is matched by b3; order's best match b1 holds 2 of its 4 modules, not more than half.
    assert figures["c2c50"] == pytest.approx(0.5)
    text = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps"])
    assert text.exit_code == 0 and "left out          1 modules" in text.output
    both = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps", "--truth-depth", "2"])
    assert both.exit_code == 2 and "exactly one" in both.output


def test_evaluate_names_the_truth_and_says_when_it_is_one_apps_subpackages(
        tmp_path: Path) -> None:
    path = _analysis(tmp_path)
    text = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps"]).output
    assert "true components   order 4, catalog 3\n" in text and "note:" not in text
    # the same modules, all members of one Django app `shop`: its sub-packages are the truth
    document = json.loads(path.read_text(encoding="utf-8"))
    document["dependencies"] = [{"importer": m["name"], "imported": "shop",
                                 "kind": "app-membership", "lines": []}
                                for m in document["modules"]]
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps", "--json"])
    assert json.loads(result.output)["one_app"] == "shop"
    text = CliRunner().invoke(cli, ["evaluate", str(path), "--truth-apps"]).output
    assert "note: most of these modules belong to one Django app (shop)" in text
