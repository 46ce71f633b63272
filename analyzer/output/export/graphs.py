"""The module graph as GraphML (yEd, Cytoscape, Gephi) and GEXF (Gephi), written by
networkx's own writers (pure).

Nodes are modules, with label, path, package, boundary, boundary_name, kernel, confidence,
loc, complexity, revisions, hotspot_score and hotspot_rank; edges go importer -> imported with
kind ("import", "containment", ... joined by commas), weight, imports and crossing (the two
ends lie in different boundaries). ElementTree escapes every name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from analyzer.output.export.common import module_graph


def graphml(document: Mapping[str, Any]) -> str:
    """The module graph as a GraphML document."""
    return "\n".join(nx.generate_graphml(module_graph(document), named_key_ids=True)) + "\n"


def gexf(document: Mapping[str, Any]) -> str:
    """The module graph as a GEXF 1.2 document."""
    return "\n".join(nx.generate_gexf(module_graph(document))) + "\n"
