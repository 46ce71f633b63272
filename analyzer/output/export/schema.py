"""JSON Schema (draft 2020-12) of analysis.json, written by hand from `to_document` (pure).

Objects Faultline builds are closed (`additionalProperties: false`), so a key added to the
document without a line here fails the schema tests; `settings`, the history `options` and
`thresholds` and the backtest's `validation` stay open. `$schema` may be present.
"""

from __future__ import annotations

import json
from typing import Any

from analyzer.output.document import SCHEMA_VERSION

STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer", "minimum": 0}
NUM: dict[str, Any] = {"type": "number"}
BOOL: dict[str, Any] = {"type": "boolean"}


def _null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _obj(optional: tuple[str, ...] = (), **props: dict[str, Any]) -> dict[str, Any]:
    """A closed object whose properties are all required but `optional`."""
    return {"type": "object", "properties": props,
            "required": [k for k in props if k not in optional], "additionalProperties": False}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


STRS = _list(STR)
LINES = _list({"type": "integer", "minimum": 1})
FIGURES = {"type": "object", "additionalProperties": _null(NUM)}

DEFS: dict[str, Any] = {
    "module": _obj(
        name=STR, path=STR, package=STR, loc=INT, is_package=BOOL, imports_out=INT,
        imports_in=INT, complexity=NUM, revisions=INT, authors=INT, main_author=_null(STR),
        main_author_share=_null(NUM), boundary=_null(STR), confidence=_null(NUM),
        reasons=_list(_obj(module=STR, weight=NUM, kinds=STRS))),
    "import": _obj(importer=STR, imported=STR, lines=LINES),
    "dependency": _obj(importer=STR, imported=STR, kind=STR, lines=LINES),
    "import_ref": _obj(importer=STR, imported=STR, path=STR, lines=LINES),
    "pair": _obj(a=STR, b=STR, shared=INT, revisions_a=INT, revisions_b=INT, degree=NUM,
                 hidden=BOOL),
    "owner": _obj(name=STR, revisions=INT, authors=_list(_obj(author=STR, revisions=INT)),
                  main_author=STR, main_author_share=NUM, bus_factor=INT),
    "crossing": _obj(source=STR, target=STR, imports=INT, import_list=_list(_ref("import_ref")),
                     cochange=NUM,
                     hidden=_list(_obj(a=STR, b=STR, shared=INT, degree=NUM))),
    "boundary": _obj(
        id=STR, name=STR, kind={"enum": ["service", "kernel", "isolated"]}, size=INT, loc=INT,
        modules=STRS, interface=STRS, stability=_null(NUM), extraction_order=_null(INT),
        metrics=FIGURES, hotspots=STRS, owners=_list(_obj(author=STR, share=NUM))),
    "step": _obj(boundary=STR, order=INT, cost=NUM, incoming_imports=INT, outgoing_imports=INT,
                 cochange=NUM, incoming=_list(_ref("import_ref")),
                 outgoing=_list(_ref("import_ref"))),
}

HISTORY: dict[str, Any] = {
    **_obj(("commits_read", "commits_used", "dropped", "first", "last", "shallow", "options",
            "thresholds", "coupling_commits_dropped_large"),
           read=BOOL, commits_read=INT, commits_used=INT,
           dropped={"type": "object", "additionalProperties": INT}, first=_null(STR),
           last=_null(STR), shallow=BOOL, options={"type": "object"},
           thresholds=_null({"type": "object"}), coupling_commits_dropped_large=INT),
    "if": {"properties": {"read": {"const": True}}},
    "then": {"required": ["commits_read", "commits_used", "dropped", "first", "last", "shallow",
                          "options", "thresholds", "coupling_commits_dropped_large"]},
}

OPTIONS = _obj(
    seed={"type": "integer"}, resolution=NUM, import_weight=NUM, cochange_weight=NUM,
    level={"enum": ["module", "package"]}, depth=INT, kernel_share=NUM, tries=INT,
    algorithm=STR, together=_list(STRS), apart=_list(STRS))

TOP: dict[str, Any] = _obj(
    ("$schema", "validation"),
    **{"$schema": STR},
    schema_version={"type": "string", "pattern": r"^\d+\.\d+$"},
    tool=_obj(name=STR, version=STR),
    generated_at=STR,
    repo=_obj(path=STR, head=_null(STR), branch=_null(STR)),
    settings={"type": "object"},
    source_roots=STRS,
    packages=STRS,
    summary=_obj(("left_out",), modules=INT, imports=INT, import_lines=INT, external_packages=INT,
                 stdlib_packages=INT, cycles=INT, warnings=INT,
                 dependencies={"type": "object", "additionalProperties": INT},
                 left_out={"type": "object", "additionalProperties": INT}),
    modules=_list(_ref("module")),
    imports=_list(_ref("import")),
    dependencies=_list(_ref("dependency")),
    external=_list(_obj(package=STR, stdlib=BOOL, modules=STRS)),
    cycles=_list(STRS),
    warnings=_list(_obj(code=STR, path=STR, message=STR)),
    history=HISTORY,
    coupling=_list(_ref("pair")),
    coupling_modules=_list(_ref("pair")),
    coupling_packages=_list(_ref("pair")),
    hotspots=_list(_obj(path=STR, module=_null(STR), revisions=INT, complexity=NUM, score=NUM,
                        rank=INT)),
    ownership=_list(_ref("owner")),
    ownership_packages=_list(_ref("owner")),
    boundaries=_list(_ref("boundary")),
    apart_from_package=_list(_obj(("imports_toward",), module=STR, package=STR,
                                  package_boundary=STR, boundary=STR, imports_toward=STR)),
    cross_boundary=_list(_ref("crossing")),
    metrics=FIGURES,
    acyclic_cuts=_list(_ref("crossing")),
    extraction_plan=_list(_ref("step")),
    boundary_options=_null(OPTIONS),
    cochange_signal=_list({"type": "array", "prefixItems": [STR, STR, NUM, INT],
                           "minItems": 4, "maxItems": 4}),
    validation={"type": "object", "required": ["changes", "partitions"],
                "properties": {"changes": INT, "touching_analysed": INT,
                               "partitions": {"type": "object",
                                              "additionalProperties": {"type": "object"}},
                               "proposal_beats_package_tree": _null(BOOL),
                               "cutoff": {"type": "object"}}},
)


def analysis_schema() -> dict[str, Any]:
    """The schema as a dict (a fresh copy each call)."""
    major = SCHEMA_VERSION.split(".")[0]
    top = json.loads(json.dumps(TOP))
    top["properties"]["schema_version"]["pattern"] = rf"^{major}\.\d+$"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:faultline:analysis-schema:{major}",
        "title": f"Faultline analysis.json, schema {major}.x (written for {SCHEMA_VERSION})",
        "description": "What `faultline analyze` writes: the import graph, history, hotspots, "
                       "ownership and the candidate service boundaries.",
        **top,
        "$defs": json.loads(json.dumps(DEFS)),
    }


def schema_text() -> str:
    """The schema as stable JSON text."""
    return json.dumps(analysis_schema(), indent=2, ensure_ascii=True) + "\n"
