"""Import cycles: strongly connected groups of modules (pure).

Tarjan's algorithm, iterative (no recursion limit on long import chains), on plain dicts: the
analysis needs no graph library for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def find_cycles(edges: Iterable[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more modules that import each other, directly or through others.

    Each group is sorted, and groups are ordered largest first, then by name.
    """
    out: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            out[a].append(b)
            out.setdefault(b, [])
    groups = [tuple(sorted(group)) for group in _components(out) if len(group) > 1]
    return tuple(sorted(groups, key=lambda g: (-len(g), g)))


def _components(out: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of the graph `out` (node -> successors)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in out:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(out[root]))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(out[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    found.append(group)
    return found
