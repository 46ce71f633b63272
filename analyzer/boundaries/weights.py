"""The combined graph the cut sees (pure): imports, other dependencies and co-change summed
per unit pair, co-change capped to a share of the structural ties (adr/0008)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from analyzer.boundaries.refine import unit_of
from analyzer.model import BoundaryOptions, Signals


def combined_weights(
    signals: Signals, options: BoundaryOptions,
    structural: Mapping[tuple[str, str], float] | None = None,
) -> dict[tuple[str, str], list[float]]:
    """Undirected unit pairs -> [import weight, co-change weight]; self pairs left out.

    `structural`, when given, must be `structural_weights` of signals with the same modules,
    imports and links (re-runs on another history share it)."""
    base = structural_weights(signals, options) if structural is None else structural
    weights = {pair: [weight, 0.0] for pair, weight in base.items()}
    known = set(signals.modules)
    by_module = options.level == "module"
    for a_module, b_module, degree in signals.cochange if options.cochange_weight else ():
        if a_module not in known or b_module not in known:
            continue
        a, b = ((a_module, b_module) if by_module
                else (unit_of(a_module, options), unit_of(b_module, options)))
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        entry = weights.get(pair)
        if entry is None:
            weights[pair] = [0.0, options.cochange_weight * degree]
        else:
            entry[1] += options.cochange_weight * degree
    return _capped(weights, options)


def structural_weights(signals: Signals, options: BoundaryOptions
                       ) -> dict[tuple[str, str], float]:
    """Undirected unit pairs -> the weight of the imports and other dependencies between them."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    known = set(signals.modules)
    seen: set[tuple[str, str]] = set()
    for importer, imported in signals.imports if options.import_weight else ():
        if importer not in known or imported not in known:
            continue
        a, b = unit_of(importer, options), unit_of(imported, options)
        if a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        both_ways = (importer, imported) in seen or (imported, importer) in seen
        if both_ways and options.level == "module":
            continue  # an import both ways is one tie, not two
        seen.add((importer, imported))
        weights[pair] += options.import_weight
    for a_module, b_module, weight in signals.links:
        if a_module not in known or b_module not in known:
            continue
        a, b = unit_of(a_module, options), unit_of(b_module, options)
        if a != b and (a_module, b_module) not in seen and (b_module, a_module) not in seen:
            pair = (a, b) if a < b else (b, a)
            weights[pair] += weight  # a dependency like an import, of its kind's weight
    return dict(weights)


#: Co-change may weigh at most this share of the structural ties in all: on long real
#: histories its many one-commit pairs would otherwise outvote the code (sweeps, refactors).
COCHANGE_CAP = 0.1


def _capped(weights: dict[tuple[str, str], list[float]], options: BoundaryOptions
            ) -> dict[tuple[str, str], list[float]]:
    structural = sum(w[0] for w in weights.values())
    cochange = sum(w[1] for w in weights.values())
    limit = COCHANGE_CAP * options.cochange_weight * structural
    if structural == 0 or cochange <= limit:
        return weights
    scale = limit / cochange
    for weight in weights.values():  # lists of this module's own making: scaled in place
        weight[1] *= scale
    return weights
