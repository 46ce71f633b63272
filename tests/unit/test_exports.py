"""The export formats, from a small hand-made analysis document, read back by real parsers.

The document has a package wholly inside one boundary (`pkg.a`), an impure package
(`pkg.b`: its modules in two boundaries), a kernel and one crossing import; its names can be
swapped for hostile ones that each format must keep as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import networkx as nx
import pytest

from analyzer.errors import InputError
from analyzer.output.export import FORMATS, render
from analyzer.output.export.common import package_cover
from analyzer.output.export.diagrams import mermaid_label
from analyzer.output.export.schema import analysis_schema

HOSTILE_MODULE = 'pkg.a.<img src=x onerror=alert(1)>"]; evil\\'
HOSTILE_NAME = '"]; evil <script>alert(1)</script> `%% -->|x| ={cmd}'
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def _module(name: str, boundary: str | None, is_package: bool = False) -> dict[str, Any]:
    path = name.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    return {"name": name, "path": path, "package": name if is_package else name.rpartition(".")[0],
            "loc": 10, "is_package": is_package, "imports_out": 0, "imports_in": 0,
            "complexity": 1.0, "revisions": 3, "authors": 1, "main_author": "Ada",
            "main_author_share": 1.0, "boundary": boundary,
            "confidence": None if boundary is None else 0.9, "reasons": []}


def _imp(importer: str, imported: str) -> dict[str, Any]:
    return {"importer": importer, "imported": imported,
            "path": importer.replace(".", "/") + ".py", "lines": [3]}


def make_document(x: str = "pkg.a.x", name: str = "alpha") -> dict[str, Any]:
    """Boundaries b01 (pkg, pkg.a, pkg.a.x, pkg.a.y), b02 (pkg.b, pkg.b.z) and the kernel
    (pkg.b.k); x imports z (crossing) and k; z imports k."""
    modules = [_module("pkg", "b01", True), _module("pkg.a", "b01", True), _module(x, "b01"),
               _module("pkg.a.y", "b01"), _module("pkg.b", "b02", True),
               _module("pkg.b.k", "kernel"), _module("pkg.b.z", "b02")]
    edges = [(x, "pkg.b.z"), (x, "pkg.b.k"), ("pkg.b.z", "pkg.b.k"), ("pkg.a.y", x)]
    crossing = [{"source": "b01", "target": "b02", "imports": 1,
                 "import_list": [_imp(x, "pkg.b.z")], "cochange": 0.5, "hidden": []},
                {"source": "b01", "target": "kernel", "imports": 1,
                 "import_list": [_imp(x, "pkg.b.k")], "cochange": 0.0, "hidden": []},
                {"source": "b02", "target": "kernel", "imports": 1,
                 "import_list": [_imp("pkg.b.z", "pkg.b.k")], "cochange": 0.0, "hidden": []}]

    def boundary(bid: str, label: str, kind: str, members: list[str]) -> dict[str, Any]:
        return {"id": bid, "name": label, "kind": kind, "size": len(members), "loc": 10,
                "modules": members, "interface": [], "stability": 1.0,
                "extraction_order": None if kind == "kernel" else int(bid[1:]),
                "metrics": {"size": len(members)}, "hotspots": [],
                "owners": [{"author": "Ada", "share": 1.0}]}

    return {
        "schema_version": "1.3", "tool": {"name": "faultline", "version": "0"},
        "generated_at": "2024-01-01T00:00:00+00:00",
        "repo": {"path": "/r", "head": "abc", "branch": "main"}, "settings": {},
        "source_roots": ["."], "packages": ["pkg"],
        "summary": {"modules": 7, "imports": 4, "import_lines": 4, "external_packages": 0,
                    "stdlib_packages": 0, "cycles": 0, "warnings": 0,
                    "dependencies": {"containment": 1}},
        "modules": modules,
        "imports": [{"importer": a, "imported": b, "lines": [3]} for a, b in edges],
        "dependencies": [{"importer": "pkg.a", "imported": "pkg", "kind": "containment",
                          "lines": []}],
        "external": [], "cycles": [], "warnings": [], "history": {"read": False},
        "coupling": [], "coupling_modules": [], "coupling_packages": [],
        "hotspots": [{"path": "pkg/a/x.py", "module": x, "revisions": 3, "complexity": 1.0,
                      "score": 0.5, "rank": 1}],
        "ownership": [], "ownership_packages": [],
        "boundaries": [boundary("b01", name, "service", ["pkg", "pkg.a", x, "pkg.a.y"]),
                       boundary("b02", "beta", "service", ["pkg.b", "pkg.b.z"]),
                       boundary("kernel", "shared kernel", "kernel", ["pkg.b.k"])],
        "apart_from_package": [], "cross_boundary": crossing, "metrics": {"modularity": 0.3},
        "acyclic_cuts": [],
        "extraction_plan": [{"boundary": "b01", "order": 1, "cost": 1.0, "incoming_imports": 0,
                             "outgoing_imports": 1, "cochange": 0.5, "incoming": [],
                             "outgoing": [_imp(x, "pkg.b.z")]}],
        "boundary_options": None, "cochange_signal": [],
    }


@pytest.fixture
def hostile() -> dict[str, Any]:
    return make_document(HOSTILE_MODULE, HOSTILE_NAME)


def test_package_cover_names_whole_packages_once() -> None:
    cover = package_cover(make_document())
    assert cover["b01"] == [("pkg", False), ("pkg.a", True)]
    assert cover["b02"] == [("pkg.b", False), ("pkg.b.z", False)]
    assert cover["kernel"] == [("pkg.b.k", False)]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_read_back_with_boundary_attributes(fmt: str, hostile: dict) -> None:
    text = render(hostile, fmt)
    ET.fromstring(text.encode())  # well-formed XML
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(text.encode()))
    assert graph.number_of_nodes() == 7
    node = graph.nodes[HOSTILE_MODULE]
    assert node["boundary"] == "b01" and node["boundary_name"] == HOSTILE_NAME
    assert node["kernel"] is False and node["confidence"] == 0.9 and node["hotspot_rank"] == 1
    assert graph.nodes["pkg.b.k"]["kernel"] is True
    edge = graph.edges[HOSTILE_MODULE, "pkg.b.z"]
    assert edge["kind"] == "import" and edge["weight"] == 1 and edge["crossing"] is True
    assert graph.edges["pkg.a", "pkg"]["kind"] == "containment"
    assert "<img" not in text and "<script" not in text


def test_graphml_declares_typed_keys() -> None:
    root = ET.fromstring(render(make_document(), "graphml").encode())
    keys = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")}
    assert keys["boundary"] == "string" and keys["confidence"] == "double"
    assert keys["kernel"] == "boolean" and keys["weight"] in ("int", "long")


def test_dot_quotes_every_name_and_clusters_each_boundary(hostile: dict) -> None:
    text = render(hostile, "dot")
    assert text.count("subgraph cluster_") == 3
    escaped = HOSTILE_MODULE.replace("\\", "\\\\").replace('"', '\\"')
    assert f'label="{escaped}"' in text
    # Outside quoted strings only generated ids, keywords and punctuation remain.
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert "evil" not in bare and "<" not in bare
    assert re.search(r"n\d+ -> n\d+ \[color=red", text)


def test_mermaid_is_a_flowchart_with_safe_ids_and_labels(hostile: dict) -> None:
    text = render(hostile, "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    grammar = re.compile(r'    (b\d+\["[^"<>`]*"\]|class b\d+ kernel|b\d+ (-->|-\.->)\|\d+\| b\d+'
                         r"|classDef kernel .*)$")
    assert all(grammar.match(line) for line in lines[1:]), text
    assert "    b0 -->|1| b1" in lines and "    b0 -.->|1| b2" in lines
    assert mermaid_label('a"b<c>') == '"a#34;b#60;c#62;"'
    assert "script" in text and "<script" not in text and "%%" not in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_html_is_self_contained_and_escaped(hostile: dict) -> None:
    text = render(hostile, "html")
    assert text.startswith("<!DOCTYPE html>")
    parser = _Tags()
    parser.feed(text)
    tags = {tag for tag, _attrs in parser.tags}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table",
                    "tr", "th", "td", "code", "br", "details", "summary", "ul", "li"}
    assert not any(k in ("src", "href") or k.startswith("on")
                   for _tag, attrs in parser.tags for k in attrs)
    assert "default-src 'none'" in text
    assert HOSTILE_MODULE in "".join(parser.data) and HOSTILE_NAME in "".join(parser.data)
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;]; evil\\" in text
    assert "&lt;script&gt;" in text


def test_tach_toml_parses_with_one_module_per_boundary(hostile: dict) -> None:
    config = tomllib.loads(render(hostile, "tach"))
    modules = config["modules"]
    assert [m["paths"] for m in modules] == [["pkg", "pkg.a"], ["pkg.b", "pkg.b.z"],
                                             ["pkg.b.k"]]
    assert modules[0]["depends_on"] == ["pkg", "pkg.a",
                                        {"path": "pkg.b.z", "deprecated": True}]
    assert modules[2]["utility"] is True
    assert config["source_roots"] == ["."] and config["root_module"] == "ignore"


def test_tach_excludes_carry_the_gitignore_style_excludes_over() -> None:
    document = make_document()
    document["settings"] = {"default_excludes": False, "exclude": [
        "legacy/", "/scripts", "shop/generated/", "# a comment", "!shop/tests/", ""]}
    exclude = tomllib.loads(render(document, "tach"))["exclude"]
    assert {"**/legacy", "scripts", "shop/generated"} <= set(exclude)
    assert not [e for e in exclude if e.startswith(("!", "#")) or not e.strip("*/")]


def test_tach_keeps_hostile_paths_as_strings() -> None:
    document = make_document(x="pkg.c.x\"] evil", name="n")
    document["modules"][2]["boundary"] = "b01"
    config = tomllib.loads(render(document, "tach"))
    assert 'pkg.c.x"] evil' in config["modules"][0]["paths"]


def test_importlinter_contracts_use_wildcards_for_whole_packages(hostile: dict) -> None:
    config = tomllib.loads(render(hostile, "importlinter"))["tool"]["importlinter"]
    assert config["root_packages"] == ["pkg"]
    first, second = config["contracts"]
    assert first["type"] == "forbidden" and first["as_packages"] is False
    assert first["allow_indirect_imports"] is True
    assert first["source_modules"] == ["pkg", "pkg.a", "pkg.a.**"]
    assert first["forbidden_modules"] == ["pkg.b", "pkg.b.z"]
    assert second["forbidden_modules"] == ["pkg", "pkg.a", "pkg.a.**"]
    assert HOSTILE_NAME in first["name"]


def test_assignment_csv_neutralises_formulas() -> None:
    document = make_document(x="pkg.a.x", name="=HYPERLINK(\"x\")")
    rows = list(csv.DictReader(io.StringIO(render(document, "assignment-csv"))))
    assert [r["module"] for r in rows] == [m["name"] for m in document["modules"]]
    assert rows[2]["boundary"] == "b01" and rows[2]["boundary_name"] == "'=HYPERLINK(\"x\")"
    assert rows[5]["kind"] == "kernel" and rows[2]["confidence"] == "0.9"


def test_schema_is_valid_and_accepts_the_document_but_not_drift(hostile: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(render(hostile, "schema"))
    assert schema == analysis_schema()
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    validator.validate(hostile)
    validator.validate({**hostile, "history": {"read": False}, "boundary_options": None})
    assert not validator.is_valid({**hostile, "unknown_key": 1})
    broken = json.loads(json.dumps(hostile))
    del broken["modules"][0]["boundary"]
    assert not validator.is_valid(broken)
    assert not validator.is_valid({**hostile, "history": {"read": True}})


@pytest.mark.parametrize("fmt", ["mermaid", "tach", "importlinter"])
def test_boundary_formats_need_boundaries(fmt: str) -> None:
    document = make_document()
    document["boundaries"] = []
    with pytest.raises(InputError, match="no boundaries"):
        render(document, fmt)


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"mermaid", "tach", "importlinter"}))
def test_other_formats_work_without_boundaries(fmt: str) -> None:
    document = make_document()
    document.update(boundaries=[], cross_boundary=[], extraction_plan=[], metrics={})
    for module in document["modules"]:
        module.update(boundary=None, confidence=None)
    assert render(document, fmt)


def test_unknown_format_and_incomplete_document_are_input_errors() -> None:
    with pytest.raises(InputError, match="Unknown export format"):
        render(make_document(), "svg")
    with pytest.raises(InputError, match="lacks what the graphml export needs"):
        render({"schema_version": "1.3"}, "graphml")
