"""Import cycles found without a graph library: the same groups networkx finds."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from analyzer.code.cycles import find_cycles


def _reference(edges: list[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    groups = [tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return tuple(sorted(groups, key=lambda g: (-len(g), g)))


@pytest.mark.parametrize("seed", range(60))
def test_the_groups_are_networkx_s_strongly_connected_components(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randint(1, 40)
    edges = [(f"m{rng.randrange(size)}", f"m{rng.randrange(size)}")
             for _ in range(rng.randint(0, 3 * size))]
    assert find_cycles(edges) == _reference(edges)


def test_a_long_import_chain_closing_on_itself_is_one_cycle() -> None:
    chain = [(f"m{i:05d}", f"m{i + 1:05d}") for i in range(20_000)] + [("m20000", "m00000")]
    (group,) = find_cycles(chain)
    assert len(group) == 20_001 and group[0] == "m00000"


def test_self_imports_and_one_way_imports_are_no_cycle() -> None:
    assert find_cycles([("a", "a"), ("a", "b"), ("b", "c")]) == ()
