"""Deeply nested rule code used to make hotspots and complex decoys complex."""

from __future__ import annotations

import functools
import random

_WORDS = (
    "bulk",
    "vip",
    "eu",
    "promo",
    "backorder",
    "fragile",
    "express",
    "gift",
    "trial",
    "wholesale",
    "intl",
    "returns",
    "priority",
    "weekend",
    "legacy",
)
_LOOP_VARS = ("item", "entry", "part", "unit")
_MAX_DEPTH = 4
_BLOCKS_PER_FUNCTION = 4
_NEST_CHANCE = (0.8, 0.55, 0.35, 0.2)


def rule_functions(seed_text: str, blocks: int) -> list[str]:
    """Source lines of rule functions with ``blocks`` nested blocks plus ``evaluate``."""
    names: list[str] = []
    lines: list[str] = []
    for start in range(0, blocks, _BLOCKS_PER_FUNCTION):
        name = f"_rules_{start // _BLOCKS_PER_FUNCTION}"
        names.append(name)
        lines += [
            "",
            "",
            f"def {name}(data: dict, ctx: dict) -> list[str]:",
            "    notes: list[str] = []",
            "    total = 0",
            '    rows = list(data.get("lines", []))',
        ]
        for index in range(start, min(start + _BLOCKS_PER_FUNCTION, blocks)):
            lines += _block(seed_text, index)
        lines.append("    return notes")
    lines += [
        "",
        "",
        "def evaluate(data: dict, ctx: dict) -> list[str]:",
        '    """Apply every rule group to the data."""',
        "    notes: list[str] = []",
        f"    for rules in ({', '.join(names)},):",
        "        notes.extend(rules(data, ctx))",
        "    return notes",
    ]
    return lines


@functools.lru_cache(maxsize=8192)
def _block(seed_text: str, index: int) -> tuple[str, ...]:
    rng = random.Random(f"{seed_text}:block:{index}")
    return tuple(_compound(rng, 0, "    ", ()))


def _statement(rng: random.Random, depth: int, indent: str, loops: tuple[str, ...]) -> list[str]:
    if depth < _MAX_DEPTH and rng.random() < _NEST_CHANCE[depth]:
        return _compound(rng, depth, indent, loops)
    return [indent + _leaf(rng, loops)]


def _body(rng: random.Random, depth: int, indent: str, loops: tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(1, 2)):
        lines += _statement(rng, depth + 1, indent + "    ", loops)
    return lines


def _compound(rng: random.Random, depth: int, indent: str, loops: tuple[str, ...]) -> list[str]:
    kind = rng.choices(("if", "for", "while", "try"), weights=(5, 3, 1, 1))[0]
    if kind == "for" and len(loops) < len(_LOOP_VARS):
        var = _LOOP_VARS[len(loops)]
        return [f"{indent}for {var} in rows:", *_body(rng, depth, indent, (*loops, var))]
    if kind == "while":
        limit = rng.randint(3, 40)
        head = [f"{indent}while total < {limit}:", f"{indent}    total += {rng.randint(1, 5)}"]
        return head + _body(rng, depth, indent, loops)
    if kind == "try":
        return [
            f"{indent}try:",
            *_body(rng, depth, indent, loops),
            f"{indent}except (KeyError, ValueError) as exc:",
            f"{indent}    notes.append(str(exc))",
        ]
    lines = [f"{indent}if {_condition(rng, loops)}:", *_body(rng, depth, indent, loops)]
    for _ in range(rng.choice((0, 0, 1, 2))):
        lines += [f"{indent}elif {_condition(rng, loops)}:", *_body(rng, depth, indent, loops)]
    if rng.random() < 0.5:
        lines += [f"{indent}else:", f"{indent}    {_leaf(rng, loops)}"]
    return lines


def _condition(rng: random.Random, loops: tuple[str, ...]) -> str:
    first = _atom(rng, loops)
    roll = rng.random()
    if roll < 0.3:
        return f"{first} and {_atom(rng, loops)}"
    if roll < 0.45:
        return f"{first} or not {_atom(rng, loops)}"
    return first


def _atom(rng: random.Random, loops: tuple[str, ...]) -> str:
    word, other = rng.choice(_WORDS), rng.choice(_WORDS)
    number = rng.randint(1, 50)
    options = [
        f"total > {number}",
        f"total % {rng.randint(2, 7)} == 0",
        f'ctx.get("{word}") == "{other}"',
        f'"{word}" in ctx.get("tags", ())',
        f'data.get("{word}", 0) >= {number}',
        f"len(notes) < {rng.randint(2, 9)}",
    ]
    if loops:
        var = rng.choice(loops)
        options += [f'{var}.get("qty", 0) > {number}', f'{var}.get("kind") == "{word}"']
    return rng.choice(options)


def _leaf(rng: random.Random, loops: tuple[str, ...]) -> str:
    word = rng.choice(_WORDS)
    number = rng.randint(1, 30)
    options = [
        f"total += {number}",
        f'notes.append("{word}-{number}")',
        f'ctx["{word}"] = total',
    ]
    if loops:
        var = rng.choice(loops)
        options += [
            f'total += int({var}.get("qty", 0))',
            f'notes.append(str({var}.get("sku", "")))',
        ]
    return rng.choice(options)
