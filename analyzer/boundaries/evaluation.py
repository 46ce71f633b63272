"""Compare proposed boundaries with a ground truth (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from analyzer.boundaries.metrics import agreement
from analyzer.boundaries.project import project_packages_of
from analyzer.errors import InputError


def truth_from_document(truth: Mapping[str, Any], *, source: str = "truth") -> dict[str, str]:
    """Module -> component from a truth file.

    Accepts the sample builder's format ({"boundaries": {name: [modules]}, "shared_kernel":
    [modules]}; the kernel counts as one component) or a plain {module: component} mapping.
    """
    if "boundaries" in truth:
        groups, kernel = truth["boundaries"], truth.get("shared_kernel", [])
        if not isinstance(groups, Mapping) or not all(
                _names(modules) for modules in (*groups.values(), kernel)):
            raise InputError(f"'{source}': \"boundaries\" must map names to module lists "
                             "(and \"shared_kernel\" be a module list).")
        result = {m: str(name) for name, modules in groups.items() for m in modules}
        result.update({m: "shared_kernel" for m in truth.get("shared_kernel", [])})
        return result
    if truth and all(isinstance(k, str) and isinstance(v, str) for k, v in truth.items()):
        return dict(truth)
    raise InputError(f"'{source}' is not a truth file: give the sample builder's truth JSON "
                     "or a {\"module\": \"component\"} mapping, or use --truth-depth.")


def module_names(document: Mapping[str, Any], *, source: str = "analysis.json") -> list[str]:
    """The module names of an analysis document, or an InputError when it has no list of
    modules with names (a document cut short or written by hand)."""
    modules = document.get("modules")
    if not isinstance(modules, list) or not all(
            isinstance(m, Mapping) and isinstance(m.get("name"), str)
            and (m.get("boundary") is None or isinstance(m.get("boundary"), str))
            for m in modules):
        raise InputError(f"'{source}' has no list of modules (each with a name), so there is "
                         "nothing to compare; run `faultline analyze` again to regenerate it.")
    return [m["name"] for m in modules]


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def truth_by_depth(modules: Iterable[str], depth: int) -> dict[str, str]:
    """The package tree cut at `depth` dotted names, as a truth (module -> package prefix)."""
    return {m: ".".join(m.split(".")[:depth]) for m in modules}


#: Packages that hold one layer of several apps (REST, views, admin...): skipped by the app truth,
#: so that their children count for the app they serve (QUALITY.md, "the app truth").
LAYER_PACKAGES: frozenset[str] = frozenset({
    "graphql", "api", "rest", "v1", "v2", "v3", "views", "serializers", "forms",
    "templatetags", "apps", "dashboard", "admin",
})
#: Apps with fewer analysed modules than this are left out of the comparison.
MIN_APP_MODULES = 3


def app_of(module: str, project_packages: Collection[str]) -> str:
    """The app a dotted module name belongs to.

    The first segment below a project package (or the first segment, outside one), skipping
    layer packages: `shop.graphql.order.types` -> `order`. When no segment is left after the
    project package and the layers (the project package itself, a layer package, a layer's
    `__init__`), the module's own last segment: `oscar` -> `oscar`, `oscar.apps` -> `apps`.
    """
    parts = module.split(".")
    start = 1 if parts[0] in project_packages else 0
    for part in parts[start:]:
        if part not in LAYER_PACKAGES:
            return part
    return parts[-1]


def truth_from_apps(
    modules: Iterable[str], project_packages: Collection[str] | None = None
) -> dict[str, str]:
    """The app truth of a Django-style monolith (QUALITY.md): module -> app name.

    `project_packages` are the top-level packages whose children are apps; None finds it with
    project_packages_of (one dominant top-level package with subpackages, else none).
    """
    names = sorted(set(modules))
    projects = project_packages_of(names) if project_packages is None else project_packages
    return {name: app_of(name, projects) for name in names}


def drop_small_apps(truth: Mapping[str, str], min_modules: int = MIN_APP_MODULES) -> dict[str, str]:
    """`truth` without the modules of components that have fewer than `min_modules` modules."""
    sizes = Counter(truth.values())
    return {m: app for m, app in truth.items() if sizes[app] >= min_modules}


def evaluate(document: Mapping[str, Any], truth: Mapping[str, str]) -> dict[str, Any]:
    """ARI, MoJoFM both ways and c2c of the analysis's boundaries against `truth`.

    Only modules present in both count; modules the proposal left with no ties ("isolated")
    count as one group, as they were reported.
    """
    found = {m["name"]: m["boundary"] for m in document.get("modules", [])
             if m.get("boundary") is not None}
    if not found:
        raise InputError("The analysis has no boundaries; run `faultline analyze` without "
                         "--no-boundaries.")
    common = [m for m in found if m in truth]
    if not common:
        raise InputError("No module of the analysis appears in the truth; check that both "
                         "name modules the same way (dotted names such as shop.api.views).")
    figures = agreement({m: found[m] for m in common}, {m: truth[m] for m in common})
    return {**{k: round(v, 4) for k, v in figures.items()}, "modules": len(common),
            "found_components": len({found[m] for m in common}),
            "truth_components": len({truth[m] for m in common})}
