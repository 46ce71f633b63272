"""The graph the community detection sees: which ties it keeps (adr/0018)."""

from __future__ import annotations

import itertools

from analyzer.boundaries.cut import (
    ISOLATED,
    WEAK_COCHANGE,
    BoundaryOptions,
    Plan,
    Signals,
    propose,
)


def _edges(signals: Signals) -> dict[tuple[str, str], int]:
    prepared = Plan(signals, BoundaryOptions()).graph_without(frozenset())
    names = prepared.nodes
    return {(names[x], names[y]): weight for (x, y), weight in prepared.edges.items()}


def test_weak_ties_of_cochange_alone_are_left_out_but_any_tie_with_code_stays() -> None:
    chain = [f"m{i:02d}" for i in range(40)]
    imports = tuple(itertools.pairwise(chain))  # 39 import ties
    weak, strong = WEAK_COCHANGE * 0.8, 0.3  # together far below the co-change cap
    signals = Signals(
        modules=(*chain, "x", "y"),
        imports=imports,
        cochange=(("m00", "m01", weak), ("m05", "x", weak), ("m10", "y", strong)),
    )
    edges = _edges(signals)
    assert ("m05", "x") not in edges  # co-change alone, and weak: not in the graph
    assert edges[("m10", "y")] == round(1000 * strong)  # co-change alone, strong enough
    assert edges[("m00", "m01")] == round(1000 * (1 + weak))  # an import: its co-change adds
    assert len(edges) == 39 + 1


def test_a_module_tied_only_by_a_weak_tie_still_joins_the_boundary_it_is_tied_to() -> None:
    # Left out of the detection's graph, x still has a tie: it is merged, not isolated.
    signals = Signals(modules=("a", "b", "x"), imports=(("a", "b"),),
                      cochange=(("a", "x", WEAK_COCHANGE * 0.8),))
    assert ("a", "x") not in _edges(signals)
    assignment = propose(signals, BoundaryOptions(min_size=2)).assignment
    assert assignment["x"] == assignment["a"] != ISOLATED


def test_igraph_is_imported_only_when_a_cut_needs_it() -> None:
    """Showing an analysis (the app's pages, `faultline adr`) never pays for igraph's import."""
    from tests.conftest import run_python

    probe = ("import sys, analyzer.output.document, analyzer.boundaries.decomposition\n"
             "print('igraph' in sys.modules)\n"
             "from analyzer.boundaries.cut import BoundaryOptions, Signals, propose\n"
             "propose(Signals(('a.x', 'a.y', 'b.x'), (('a.x', 'a.y'),)), BoundaryOptions())\n"
             "print('igraph' in sys.modules)")
    assert run_python(probe).split() == ["False", "True"]
