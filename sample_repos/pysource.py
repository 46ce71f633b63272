"""Render the Python source of a generated module at a given revision."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sample_repos.complexity import rule_functions
from sample_repos.model import (
    COMPLEX_STABLE,
    HOTSPOT,
    RELATIVE,
    SIMPLE_CHURNY,
    ImportRef,
    Module,
)

STDLIB = {
    "datetime": "import datetime",
    "decimal": "import decimal",
    "json": "import json",
    "logging": "import logging",
    "uuid": "import uuid",
}
THIRD_PARTY = {
    "celery": "from celery import shared_task",
    "requests": "import requests",
    "sqlalchemy": "from sqlalchemy import Column, Integer, String",
}
_EXTRA_EXPR = {
    "datetime": "datetime.datetime.now(datetime.timezone.utc)",
    "decimal": 'decimal.Decimal("0.00")',
    "json": 'json.dumps({"ref": REF})',
    "logging": "logging.getLogger(__name__)",
    "uuid": "uuid.uuid4().hex",
    "requests": "requests.Session()",
    "sqlalchemy": '(Column("id", Integer, primary_key=True), Column("ref", String(64)))',
    "celery": "shared_task",
}
_FEATURE_VERBS = (
    "normalise",
    "validate",
    "enrich",
    "merge",
    "trim",
    "score",
    "split",
    "tag",
    "clamp",
    "route",
)
_FEATURE_KEYS = ("source", "channel", "region", "currency", "batch", "priority", "note", "flag")


@dataclass(frozen=True)
class Style:
    """How modules of a scenario look: rich (shop) or compact (scale)."""

    compact: bool
    hot_base_blocks: int
    stable_blocks: int


def render_module(module: Module, style: Style, rev: int, lint: int) -> str:
    """Formatted source of ``module`` at revision ``rev`` with ``lint`` bot fixes applied."""
    if module.role == SIMPLE_CHURNY:
        return _render_tiny(module, rev, lint)
    lines = [f'"""{module.doc}"""', "", "from __future__ import annotations"]
    lines += _import_blocks(module)
    lines += ["", *_dunder_all(module.symbol, lint), ""]
    lines += _constants(style, rev)
    if module.kind == "func":
        lines += _function(module, style)
    else:
        lines += _class(module, style)
    if not style.compact:
        lines += _features(module.fid, (rev - 1) // 2)
    blocks = _complexity_blocks(module, style, rev)
    if blocks:
        lines += rule_functions(module.fid, blocks)
    return "\n".join(lines) + "\n"


def unformat(text: str) -> str:
    """The same source as written before the code formatter ran on the project."""
    text = text.replace('"', "'")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _complexity_blocks(module: Module, style: Style, rev: int) -> int:
    if module.role == HOTSPOT:
        return style.hot_base_blocks + rev // 5
    if module.role == COMPLEX_STABLE:
        return style.stable_blocks
    return 0


def _import_blocks(module: Module) -> list[str]:
    std = sorted(STDLIB[name] for name in module.extras if name in STDLIB)
    third = sorted(THIRD_PARTY[name] for name in module.extras if name in THIRD_PARTY)
    absolute = sorted(
        (ref.line() for ref in module.imports if ref.style != RELATIVE),
        key=lambda line: (not line.startswith("import "), line),
    )
    relative = sorted(ref.line() for ref in module.imports if ref.style == RELATIVE)
    lines: list[str] = []
    for block in (std, third, absolute, relative):
        if block:
            lines += ["", *block]
    return lines


def _dunder_all(symbol: str, lint: int) -> list[str]:
    if lint % 2:
        return ["__all__ = [", f'    "{symbol}",', "]"]
    return [f'__all__ = ["{symbol}"]']


def _constants(style: Style, rev: int) -> list[str]:
    if style.compact:
        return [f"REVISION = {rev}", f"LIMIT = {10 + (rev * 7) % 90}"]
    return [
        "LIMITS = {",
        f'    "page_size": {20 + rev % 9},',
        f'    "timeout": {5 + rev},',
        f'    "retries": {1 + rev % 4},',
        "}",
    ]


def _uses(module: Module, ref_expr: str) -> list[str]:
    uses = [ref.use(ref_expr) for ref in module.imports]
    for name in module.extras:
        if name == "celery" and module.kind == "func":
            continue
        uses.append(_EXTRA_EXPR[name].replace("REF", ref_expr))
    return uses


def _list_literal(indent: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{indent}[]"]
    return [f"{indent}[", *(f"{indent}    {item}," for item in items), f"{indent}]"]


def _class(module: Module, style: Style) -> list[str]:
    name = module.symbol
    lines = ["", "", f"class {name}:", f'    """{module.doc}"""', ""]
    if "sqlalchemy" in module.extras and not style.compact:
        lines += [
            "    id = Column(Integer, primary_key=True)",
            "    ref_code = Column(String(64), index=True)",
            "",
        ]
    lines += [
        "    def __init__(self, ref: str) -> None:",
        "        self.ref = ref",
        "",
        "    @classmethod",
        f"    def lookup(cls, ref: str) -> {name}:",
        "        return cls(ref)",
    ]
    if not style.compact:
        lines += [
            "",
            "    def describe(self) -> dict[str, object]:",
            f'        return {{"ref": self.ref, "kind": "{_stable_name(module)}", '
            '"page_size": LIMITS["page_size"]}',
        ]
    body = _list_literal("        ", _uses(module, "self.ref"))
    body[0] = "        return " + body[0].lstrip()
    lines += ["", "    def run(self) -> list[object]:", *body]
    return lines


def _stable_name(module: Module) -> str:
    """The module's first name: content must not change when the file is renamed."""
    return module.fid.rpartition("/")[2].removesuffix(".py")


def _function(module: Module, style: Style) -> list[str]:
    lines = ["", ""]
    if "celery" in module.extras:
        lines.append("@shared_task")
    body = _list_literal("    ", _uses(module, "ref"))
    body[0] = "    results: list[object] = " + body[0].lstrip()
    constant = "LIMIT" if style.compact else 'LIMITS["timeout"]'
    lines += [
        f'def {module.symbol}(ref: str = "") -> object:',
        f'    """{module.doc}"""',
        *body,
        f"    results.append({constant})",
        "    return results",
    ]
    return lines


def _features(seed_text: str, count: int) -> list[str]:
    lines: list[str] = []
    for number in range(1, count + 1):
        rng = random.Random(f"{seed_text}:feature:{number}")
        verb = rng.choice(_FEATURE_VERBS)
        key, other = rng.sample(_FEATURE_KEYS, 2)
        lines += [
            "",
            "",
            f"def {verb}_step_{number}(payload: dict[str, object]) -> dict[str, object]:",
            f'    """{verb.capitalize()} the payload (step {number})."""',
            "    result = dict(payload)",
            f'    result["{key}"] = LIMITS["retries"] + {rng.randint(1, 99)}',
            f"    if len(result) > {rng.randint(3, 12)}:",
            f'        result.pop("{other}", None)',
            "    return result",
        ]
    return lines


def _render_tiny(module: Module, rev: int, lint: int) -> str:
    values = ("new", "open", "ready", "active", "held", "closed", "void")
    start = rev % len(values)
    chosen = [values[(start + offset) % len(values)] for offset in range(3 + rev % 3)]
    lines = [f'"""{module.doc}"""', "", "from __future__ import annotations"]
    lines += _import_blocks(module)
    lines += ["", *_dunder_all(module.symbol, lint), ""]
    quoted = ", ".join(f'"{value}"' for value in chosen)
    lines += [f"VALUES = ({quoted})", f"VERSION = {rev}"]
    lines += ["", "", f"class {module.symbol}:", "    values = VALUES", ""]
    lines += ["    @classmethod", "    def lookup(cls, ref: str) -> object:"]
    uses = [ref.use("ref") for ref in module.imports]
    lines.append(f"        return (cls, {', '.join(uses)})" if uses else "        return cls")
    return "\n".join(lines) + "\n"


def render_test(target: ImportRef, rev: int) -> str:
    """Source of the unit test file of the module ``target`` points at."""
    lines = [f'"""Tests for {target.module}."""', "", target.line()]
    for number in range(1, 2 + (rev - 1) // 2):
        ref = f'"ref-{number}"'
        lines += ["", "", f"def test_{target.leaf}_case_{number}() -> None:"]
        if target.kind == "class":
            lines += [
                f"    item = {target.use(ref)}",
                f"    assert item.ref == {ref}",
            ]
        else:
            lines.append(f"    assert {target.use(ref)} is not None")
    return "\n".join(lines) + "\n"
