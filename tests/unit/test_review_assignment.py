"""Modules new in a change: placed with their package first, by their imports only when the
package gives no answer (`extend_assignment`), as `faultline pr` and `faultline check` use it."""

from __future__ import annotations

from analyzer.review.crossing import UNASSIGNED, extend_assignment
from analyzer.review.ratchet import check

#: A project package holding three apps in three boundaries (so no boundary holds most of
#: the project), a kernel package, and a layered package split between the apps.
BASE = {
    "shop": "b01",
    "shop.reviews": "b01", "shop.reviews.models": "b01", "shop.reviews.views": "b01",
    "shop.catalogue": "b02", "shop.catalogue.models": "b02", "shop.catalogue.search": "b02",
    "shop.orders": "b03", "shop.orders.models": "b03", "shop.orders.views": "b03",
    "shop.core": "kernel", "shop.core.clock": "kernel", "shop.core.money": "kernel",
    "shop.api": "b01", "shop.api.review_views": "b01", "shop.api.catalogue_views": "b02",
    "shop.api.order_views": "b03",
}


def _extend(new: dict[str, list[str]]) -> dict[str, str]:
    """BASE extended with the modules `new` (module -> the modules it imports)."""
    imports = [(a, b) for a, targets in new.items() for b in targets]
    return extend_assignment(BASE, [*BASE, *new], imports)


def test_a_new_module_joins_the_boundary_its_package_belongs_to() -> None:
    result = _extend({
        "shop.reviews.similar": ["shop.catalogue.models", "shop.catalogue.search"],
        "shop.reviews.search": [],  # a new sub-package of the app, and its module
        "shop.reviews.search.index": ["shop.catalogue.search"],
        "shop.core.retry": ["shop.core.clock"],
    })

    assert result["shop.reviews.similar"] == "b01"  # not b02, where its imports point
    assert result["shop.reviews.search"] == result["shop.reviews.search.index"] == "b01"
    assert result["shop.core.retry"] == "kernel"  # the kernel's package keeps its new module


def test_the_modules_of_a_new_package_are_placed_together() -> None:
    result = _extend({
        "shop.retrieval": [],
        "shop.retrieval.access": ["shop.retrieval.query", "shop.retrieval.validation",
                                  "shop.reviews.models", "shop.reviews.views"],
        "shop.retrieval.query": ["shop.catalogue.search"],
        "shop.retrieval.validation": [],
        "shop.retrieval.backends.solr": ["shop.retrieval.query", "shop.catalogue.models"],
    })

    placed = {m: b for m, b in result.items() if m.startswith("shop.retrieval")}
    # imports out of the package, in total: b01 twice, b02 twice; the tie goes to b01
    assert placed == dict.fromkeys(placed, "b01")
    assert len(placed) == 5


def test_a_new_package_follows_the_new_modules_it_imports() -> None:
    result = _extend({
        "shop.retrieval.query": ["shop.catalogue.search"],
        "shop.feeds.build": ["shop.retrieval.query", "shop.core.money"],
        "shop.orphans.left": ["shop.core.money"],
    })

    assert result["shop.retrieval.query"] == result["shop.feeds.build"] == "b02"
    assert result["shop.orphans.left"] == UNASSIGNED  # the kernel attracts no module


def test_without_an_answer_from_the_package_a_module_goes_by_its_imports() -> None:
    result = _extend({
        "shop.api.shipment_views": ["shop.orders.models", "shop.orders.views",
                                    "shop.reviews.models"],
        "shop.api.health": [],
        "manage": ["shop.catalogue.models"],
        "conftest": [],
    })

    assert result["shop.api.shipment_views"] == "b03"  # shop.api is split: no package rule
    assert result["shop.api.health"] == UNASSIGNED
    assert result["manage"] == "b02"  # outside every package
    assert result["conftest"] == UNASSIGNED
    assert {m: result[m] for m in BASE} == BASE  # known modules keep their boundary


def test_check_reports_no_crossing_inside_a_new_package() -> None:
    baseline = {"boundaries": {b: {"name": b, "kind": "kernel" if b == "kernel" else "service"}
                               for b in sorted(set(BASE.values()))},
                "assignment": BASE, "crossing": []}
    edges = [("shop.retrieval.access", "shop.reviews.models"),
             ("shop.retrieval.access", "shop.reviews.views"),
             ("shop.retrieval.access", "shop.retrieval.query"),
             ("shop.retrieval.query", "shop.catalogue.search")]
    modules = [*BASE, "shop.retrieval", "shop.retrieval.access", "shop.retrieval.query"]
    document = {"modules": [{"name": m, "path": m.replace(".", "/") + ".py"} for m in modules],
                "imports": [{"importer": a, "imported": b, "lines": [1]} for a, b in edges]}

    result = check(baseline, document)

    assert [(i["importer"], i["imported"], i["source"], i["target"]) for i in result["new"]] == [
        ("shop.retrieval.query", "shop.catalogue.search", "b01", "b02")]
    assert result["unassigned"] == []
