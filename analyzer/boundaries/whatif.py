"""What-if: change a proposal by hand and see every metric again (pure).

Works from an analysis document (the parsed analysis.json), so the app and scripts need no
repository: move modules, merge or split boundaries, or re-cut with other options, then
`rescore` gives the overall and per-boundary metrics and `compare` the change against the
proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from analyzer.boundaries.cut import BoundaryOptions, Signals, propose
from analyzer.boundaries.decomposition import combined_edges, measure, signals_from
from analyzer.model import ALGORITHMS


@dataclass(frozen=True)
class Scenario:
    """Everything needed to re-score a partition of one analysed codebase."""

    signals: Signals
    options: BoundaryOptions
    shared: tuple[tuple[str, str, int], ...]
    assignment: dict[str, str]
    edges: list[tuple[str, str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.edges:  # built once, so that each re-score only walks plain lists
            object.__setattr__(self, "edges", combined_edges(self.signals, self.options))


def scenario_from_document(document: Mapping[str, Any]) -> Scenario:
    """The signals, options and proposed assignment stored in an analysis document."""
    modules = [m["name"] for m in document.get("modules", [])]
    imports = [(e["importer"], e["imported"]) for e in document.get("imports", [])]
    raw = document.get("cochange_signal", []) or []
    cochange = [(a, b, float(d)) for a, b, d, *_rest in raw]
    shared = tuple((a, b, int(rest[0])) for a, b, _d, *rest in raw if rest and rest[0] is not None)
    stored = document.get("boundary_options") or {}
    settings = document.get("settings") or {}  # the weights of the other dependencies
    defaults = BoundaryOptions()
    options = BoundaryOptions(
        seed=int(stored.get("seed", 0)),
        resolution=float(stored.get("resolution", 1.0)),
        import_weight=float(stored.get("import_weight", 1.0)),
        cochange_weight=float(stored.get("cochange_weight", 1.0)),
        level=str(stored.get("level", "module")),
        depth=int(stored.get("depth", 2)),
        kernel_share=float(stored.get("kernel_share", 0.5)),
        tries=int(stored.get("tries", 0)),
        together=tuple(tuple(g) for g in stored.get("together", [])),
        apart=tuple(tuple(g) for g in stored.get("apart", [])),
        # Analyses written before the setting existed were cut by Louvain.
        algorithm=stored.get("algorithm") if stored.get("algorithm") in ALGORITHMS else "louvain",
        min_size=int(settings.get("min_boundary_size", defaults.min_size)),
        **{name: float(settings.get(name, getattr(defaults, name))) for name in (
            "containment_weight", "string_import_weight", "model_reference_weight",
            "app_membership_weight", "reexport_weight")},
    )
    dependencies = [(d["importer"], d["imported"], d["kind"])
                    for d in document.get("dependencies", []) or []]
    assignment = {m["name"]: m.get("boundary") or "isolated" for m in document.get("modules", [])}
    signals = signals_from(modules, imports, cochange, dependencies, options)
    return Scenario(signals, options, shared, assignment)


def move(assignment: Mapping[str, str], modules: Iterable[str], target: str) -> dict[str, str]:
    """A copy with `modules` moved into boundary `target` (a new id makes a new boundary)."""
    result = dict(assignment)
    for module in modules:
        if module not in result:
            raise KeyError(f"unknown module {module!r}")
        result[module] = target
    return result


def merge(assignment: Mapping[str, str], keep: str, other: str) -> dict[str, str]:
    """A copy where boundary `other` is folded into boundary `keep`."""
    return {m: keep if b == other else b for m, b in assignment.items()}


def split(assignment: Mapping[str, str], boundary: str, modules: Iterable[str],
          new_id: str | None = None) -> dict[str, str]:
    """A copy where `modules` of `boundary` leave it for a new boundary (`new_id` or b<N+1>)."""
    chosen = set(modules)
    if not chosen or any(assignment.get(m) != boundary for m in chosen):
        raise ValueError(f"split needs modules that are in boundary {boundary!r}")
    if new_id is None:
        numbers = [int(b[1:]) for b in set(assignment.values()) if b[1:].isdigit()]
        new_id = f"b{max(numbers, default=0) + 1:02d}"
    return move(assignment, chosen, new_id)


def recut(scenario: Scenario, **changes: Any) -> dict[str, str]:
    """A fresh proposal with some options changed (resolution, weights, seed, level...)."""
    options = replace(scenario.options, **{k: v for k, v in changes.items() if v is not None})
    return propose(scenario.signals, options).assignment


def rescore(scenario: Scenario, assignment: Mapping[str, str]) -> dict[str, Any]:
    """Overall metrics, per-boundary metrics and the number of crossing imports."""
    figures, per = measure(scenario.signals, assignment, scenario.options, scenario.shared,
                           scenario.edges)
    crossing = sum(1 for a, b in scenario.signals.imports
                   if a in assignment and b in assignment and assignment[a] != assignment[b])
    return {"metrics": figures, "boundaries": per, "crossing_imports": crossing}


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, float | None]:
    """after - before for every overall metric (None where either side has no value)."""
    keys = sorted(set(before["metrics"]) | set(after["metrics"]))
    result: dict[str, float | None] = {}
    for key in keys:
        old, new = before["metrics"].get(key), after["metrics"].get(key)
        result[key] = None if old is None or new is None else round(new - old, 6)
    result["crossing_imports"] = after["crossing_imports"] - before["crossing_imports"]
    return result
