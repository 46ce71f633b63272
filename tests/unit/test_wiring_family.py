"""The modules that put a Django project together go to the shared kernel: what the settings
name as entry points, the settings modules themselves (split ones included), and the URLconf
an entry point's package imports."""

from __future__ import annotations

from analyzer.boundaries.decomposition import signals_from, wiring_family
from analyzer.model import ENTRY_POINT, STRING_IMPORT, BoundaryOptions

IMPORTS = [
    ("proj.settings.dev", "proj.settings.base"),  # from .base import *
    ("proj.settings.prod", "proj.settings.dev"),  # from .dev import *
    ("proj.settings", "proj.settings.base"),  # the package's __init__
    ("proj.urls", "proj.urls.base"),  # the root URLconf is a package
    ("proj.urls.base", "shop.urls"),
    ("shop.views", "proj.settings.base"),  # a view reading a setting: not settings
    ("shop.urls", "shop.views"),
    ("proj.urls.helpers", "proj.urls.base"),  # imports it, is not imported by it
]
DEPENDENCIES = [
    ("proj.settings.base", "proj.urls", ENTRY_POINT),
    ("proj.settings.base", "proj.wsgi", ENTRY_POINT),
    ("proj.settings.base", "shop", STRING_IMPORT),
]


def test_settings_and_entry_points_with_their_own_family():
    found = wiring_family({"proj.urls", "proj.wsgi"}, {"proj.settings.base"}, IMPORTS)
    assert found == {"proj.urls", "proj.urls.base", "proj.wsgi", "proj.settings",
                     "proj.settings.base", "proj.settings.dev", "proj.settings.prod"}


def test_the_signals_carry_them_as_roots():
    modules = sorted({m for pair in IMPORTS for m in pair} | {"proj.wsgi", "shop"})
    signals = signals_from(modules, IMPORTS, [], DEPENDENCIES, BoundaryOptions())
    assert "shop.views" not in signals.roots and "proj.urls.helpers" not in signals.roots
    assert set(signals.roots) >= {"proj.settings.base", "proj.settings.prod", "proj.urls.base"}
    assert list(signals.roots) == sorted(signals.roots)


def test_without_entry_points_nothing_is_a_root():
    modules = sorted({m for pair in IMPORTS for m in pair})
    assert signals_from(modules, IMPORTS, [], [], BoundaryOptions()).roots == ()
