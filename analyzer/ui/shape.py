"""The shape of the analysis document the app's pages read, checked once on load (pure: no
Streamlit here, so that `faultline app` can check the analysis before its server listens)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# -- the shape of the document the pages read -------------------------------------------------
# A hand-written structural check, done once on load, of the keys the pages (and the what-if
# and decision-record code they call) read: a 1.x file with a key of the wrong type gives the
# page's message for a bad file instead of an exception in whichever page reads it first.
#
# Shapes: a type (or tuple of types) for a scalar; {key: shape} for an object whose keys are
# all optional; [shape] for a list; `Each(shape)` for an object of any keys; `Needed(shape)`
# for a key that must be there and not null; `Nullable(shape)` for a list or object that may
# be null (an object's scalar fields may always be null; list items never are); a function
# (value, where) -> problem for anything else.


@dataclass(frozen=True)
class Needed:
    shape: Any


@dataclass(frozen=True)
class Nullable:
    shape: Any


@dataclass(frozen=True)
class Each:
    shape: Any


NUMBER = (int, float)
_NAMES = {str: "text", bool: "true or false", NUMBER: "a number", int: "a number"}


def _signal_row(value: Any, where: str) -> str | None:
    """A co-change signal row: [module, module, degree, shared commits or null]."""
    if (not isinstance(value, list) or len(value) < 3 or not all(isinstance(v, str)
                                                                 for v in value[:2])
            or not isinstance(value[2], NUMBER)
            or not all(v is None or isinstance(v, NUMBER) for v in value[3:])):
        return f"{where} is not [module, module, degree, shared]"
    return None


_IMPORT = {"importer": Needed(str), "imported": Needed(str), "lines": [NUMBER], "path": str}
_PAIR = {"a": Needed(str), "b": Needed(str), "shared": NUMBER, "degree": NUMBER,
         "hidden": bool, "revisions_a": NUMBER, "revisions_b": NUMBER}
_AUTHORS = [{"author": str, "revisions": NUMBER, "share": NUMBER}]
SHAPE: dict[str, Any] = {
    "repo": Nullable({"path": str, "head": str, "branch": str}),
    "tool": Nullable({"name": str, "version": str}),
    "generated_at": str,
    "packages": Nullable([str]),
    "source_roots": Nullable([str]),
    "summary": Nullable({"modules": NUMBER, "imports": NUMBER, "external_packages": NUMBER,
                         "cycles": NUMBER, "warnings": NUMBER,
                         "dependencies": Nullable(Each(NUMBER))}),
    "history": Nullable({"read": bool, "shallow": bool, "commits_used": NUMBER,
                         "commits_read": NUMBER, "first": str, "last": str,
                         "dropped": Nullable(Each(NUMBER))}),
    "validation": Nullable({
        "cutoff": Nullable({"date": str, "after": NUMBER}),
        "partitions": Nullable(Each({"groups": NUMBER, "counted": NUMBER, "share": NUMBER,
                                     "random_share": NUMBER, "lift": NUMBER})),
    }),
    "metrics": Nullable(Each(NUMBER)),
    "modules": [{"name": Needed(str), "path": Needed(str), "boundary": str, "package": str,
                 "loc": NUMBER, "confidence": NUMBER, "revisions": NUMBER, "complexity": NUMBER,
                 "main_author": str, "main_author_share": NUMBER, "is_package": bool}],
    "imports": [_IMPORT],
    "cycles": [[str]],
    "boundaries": Nullable([{
        "id": Needed(str), "name": Needed(str), "modules": Needed([str]), "kind": str,
        "size": NUMBER, "loc": NUMBER, "stability": NUMBER, "extraction_order": NUMBER,
        "interface": [str], "hotspots": [str], "owners": _AUTHORS,
        "metrics": Nullable(Each(NUMBER)),
    }]),
    "boundary_options": Nullable({
        "seed": NUMBER, "resolution": NUMBER, "import_weight": NUMBER,
        "cochange_weight": NUMBER, "kernel_share": NUMBER, "depth": NUMBER, "tries": NUMBER,
        "level": str, "algorithm": str, "together": [[str]], "apart": [[str]],
    }),
    "cross_boundary": Nullable([{
        "source": Needed(str), "target": Needed(str), "imports": NUMBER, "cochange": NUMBER,
        "import_list": [_IMPORT], "hidden": [_PAIR],
    }]),
    "acyclic_cuts": Nullable([{"source": Needed(str), "target": Needed(str)}]),
    "extraction_plan": Nullable([{
        "boundary": str, "order": NUMBER, "cost": NUMBER, "cochange": NUMBER,
        "incoming_imports": NUMBER, "outgoing_imports": NUMBER,
        "incoming": [_IMPORT], "outgoing": [_IMPORT],
    }]),
    "cochange_signal": Nullable([_signal_row]),
    "coupling": Nullable([_PAIR]),
    "coupling_modules": [_PAIR],
    "coupling_packages": Nullable([_PAIR]),
    "hotspots": Nullable([{"path": Needed(str), "rank": Needed(NUMBER),
                           "score": Needed(NUMBER), "revisions": Needed(NUMBER),
                           "complexity": Needed(NUMBER), "module": str}]),
    "ownership": [{"name": Needed(str), "bus_factor": NUMBER, "authors": _AUTHORS}],
    "warnings": Nullable([{"code": str, "path": str, "message": str}]),
}


def shape_problem(document: Any, shape: Any = SHAPE, where: str = "") -> str | None:
    """What in `document` does not have the shape the pages read (the first thing), or None."""
    if isinstance(shape, Nullable):
        return None if document is None else shape_problem(document, shape.shape, where)
    if isinstance(shape, Needed):
        return shape_problem(document, shape.shape, where)
    if isinstance(shape, dict | Each):
        if not isinstance(document, dict):
            return _wrong(where or "the document", document, "an object")
        fields = shape.items() if isinstance(shape, dict) else (
            (key, shape.shape) for key in document)
        for key, field in fields:
            inner = f"{where}.{key}" if where else str(key)
            if key not in document or document[key] is None:
                if isinstance(field, Needed):
                    return f"{inner} is {'missing' if key not in document else 'null'}"
                if key not in document or isinstance(field, Nullable) or _scalar(field):
                    continue
            problem = shape_problem(document[key], field, inner)
            if problem is not None:
                return problem
        return None
    if isinstance(shape, list):
        if not isinstance(document, list):
            return _wrong(where, document, "a list")
        for index, item in enumerate(document):
            problem = shape_problem(item, shape[0], f"{where}[{index}]")
            if problem is not None:
                return problem
        return None
    if callable(shape) and not isinstance(shape, type):  # a check of its own
        return shape(document, where)
    if isinstance(document, bool) and shape is not bool:
        return _wrong(where, document, _NAMES.get(shape, str(shape)))
    if not isinstance(document, shape):
        return _wrong(where, document, _NAMES.get(shape, str(shape)))
    return None


def _scalar(shape: Any) -> bool:
    return isinstance(shape, type | tuple)


def _wrong(where: str, value: Any, expected: str) -> str:
    found = {dict: "an object", list: "a list", str: "text", bool: "true or false",
             type(None): "null"}.get(type(value), "a number")
    return f"{where} is {found}, not {expected}"
