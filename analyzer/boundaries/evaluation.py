"""Compare proposed boundaries with a ground truth (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analyzer.boundaries.metrics import agreement
from analyzer.errors import InputError


def truth_from_document(truth: Mapping[str, Any], *, source: str = "truth") -> dict[str, str]:
    """Module -> component from a truth file.

    Accepts the sample builder's format ({"boundaries": {name: [modules]}, "shared_kernel":
    [modules]}; the kernel counts as one component) or a plain {module: component} mapping.
    """
    if "boundaries" in truth:
        groups = truth["boundaries"]
        if not isinstance(groups, Mapping):
            raise InputError(f"'{source}': \"boundaries\" must map names to module lists.")
        result = {m: str(name) for name, modules in groups.items() for m in modules}
        result.update({m: "shared_kernel" for m in truth.get("shared_kernel", [])})
        return result
    if truth and all(isinstance(k, str) and isinstance(v, str) for k, v in truth.items()):
        return dict(truth)
    raise InputError(f"'{source}' is not a truth file: give the sample builder's truth JSON "
                     "or a {\"module\": \"component\"} mapping, or use --truth-depth.")


def truth_by_depth(modules: Iterable[str], depth: int) -> dict[str, str]:
    """The package tree cut at `depth` dotted names, as a truth (module -> package prefix)."""
    return {m: ".".join(m.split(".")[:depth]) for m in modules}


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
