"""Boundary names: the package when the tree agrees, else whole typical words."""

from __future__ import annotations

from collections import Counter

from analyzer.boundaries.proposal import _name_tokens, _stem, name_boundary, package_sizes

ALL = [
    "shop.physics.forces", "shop.physics.mechanics", "shop.physics.units",
    "shop.utilities.dates", "shop.utilities.money",
    "shop.api.order_views", "shop.db.order_tables", "shop.domain.orders",
    "shop.api.cart_views", "shop.db.cart_tables",
]
EVERYWHERE = Counter(_stem(t) for m in ALL for t in set(_name_tokens(m)))


def test_a_boundary_that_is_a_package_takes_its_name() -> None:
    modules = ["shop.physics.forces", "shop.physics.mechanics", "shop.physics.units"]
    assert name_boundary(modules, EVERYWHERE, package_sizes(ALL), len(ALL)) == "physics"


def test_names_are_whole_words_never_stems() -> None:
    modules = ["shop.api.order_views", "shop.db.order_tables", "shop.domain.orders"]
    name = name_boundary(modules, EVERYWHERE, package_sizes(ALL), len(ALL))
    assert name == "order"  # the most frequent form of the word, not a cut-off stem
    mixed = ["shop.utilities.dates", "shop.physics.units"]
    name = name_boundary(mixed, EVERYWHERE, package_sizes(ALL), len(ALL))
    assert all(part in {"utilities", "physics", "dates", "units"} for part in name.split("-"))


def test_a_package_only_partly_in_the_boundary_does_not_name_it() -> None:
    modules = ["shop.physics.forces", "shop.api.cart_views", "shop.db.cart_tables"]
    assert name_boundary(modules, EVERYWHERE, package_sizes(ALL), len(ALL)) != "physics"


def test_the_project_name_in_every_module_names_nothing() -> None:
    modules = ["shop.api.order_views", "shop.db.order_tables", "shop.domain.orders"]
    assert "shop" not in name_boundary(modules, EVERYWHERE, None, len(ALL)).split("-")


def test_a_package_with_a_generic_name_is_named_with_its_parent() -> None:
    every = [
        "forum.core.cache", "forum.core.mail", "forum.core.pages",
        "forum.api.v3.router", "forum.api.v3.views", "forum.api.v3.filters",
        "forum.threads.models", "forum.threads.views", "forum.threads.models.post",
        "forum.threads.models.thread", "forum.threads.models.poll",
    ]
    sizes, counts = package_sizes(every), Counter(_stem(t) for m in every
                                                  for t in set(_name_tokens(m)))
    assert name_boundary(every[:3], counts, sizes, len(every)) == "forum-core"
    assert name_boundary(every[3:6], counts, sizes, len(every)) == "api-v3"
    # a telling package is preferred to a generic one inside it that holds most of it
    assert name_boundary(every[6:], counts, sizes, len(every)) == "threads"


def test_a_folder_of_modules_is_named_with_what_holds_it() -> None:
    every = [f"shop.admin.modules.{name}.views" for name in ("orders", "users", "media")]
    every += [f"shop.front.{name}" for name in ("basket", "checkout", "search", "account")]
    sizes, counts = package_sizes(every), Counter(_stem(t) for m in every
                                                  for t in set(_name_tokens(m)))
    assert name_boundary(every[:3], counts, sizes, len(every)) == "admin-modules"
