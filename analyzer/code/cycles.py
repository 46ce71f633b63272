"""Import cycles: strongly connected groups of modules (pure)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx


def find_cycles(edges: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more modules that import each other, directly or through others.

    Each group is sorted, and groups are ordered largest first, then by name.
    """
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    groups = [tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return tuple(sorted(groups, key=lambda g: (-len(g), g)))
