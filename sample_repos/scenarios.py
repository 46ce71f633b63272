"""The registry of scenarios: name, description, options and design function."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sample_repos import django_scenario, scale, shop
from sample_repos.model import Design
from sample_repos.options import OptionSpec


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    options: Sequence[OptionSpec]
    check: Callable[[dict[str, int | float]], None]
    design: Callable[[int, dict[str, int | float]], Design]


def _no_check(options: dict[str, int | float]) -> None:
    del options


REGISTRY: dict[str, Scenario] = {
    "shop": Scenario(
        "shop",
        "Online shop monolith (~100 modules, ~650 commits) with 6 services laid out by layer.",
        shop.OPTIONS,
        _no_check,
        shop.design,
    ),
    "django": Scenario(
        "django",
        "Django project laid out by app (13 apps under src/, 5 services of 2-3 apps, "
        "misplaced modules, ~500 commits).",
        django_scenario.OPTIONS,
        _no_check,
        django_scenario.design,
    ),
    "scale": Scenario(
        "scale",
        "Large synthetic monolith for benchmarks (default 1500 modules, 10000 commits).",
        scale.OPTIONS,
        scale.check,
        scale.design,
    ),
}
