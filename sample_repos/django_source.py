"""Render the Python source of the django scenario's app and kernel modules at a revision."""

from __future__ import annotations

import random

from sample_repos import django_apps as spec
from sample_repos.complexity import rule_functions
from sample_repos.django_bodies import BODIES, extra
from sample_repos.django_code import Ctx, function, import_line
from sample_repos.django_layout import REL_SYMBOL, Project, snake
from sample_repos.model import HOTSPOT, RELATIVE, Module

_WORDS = ("code", "label", "note", "region", "channel", "currency", "status", "source", "tag")
CONSTANTS = {
    "models": ("NAME_MAX_LENGTH", 96, 4), "admin": ("LIST_PER_PAGE", 20, 1),
    "forms": ("NOTE_MAX_LENGTH", 200, 10), "views": ("PAGE_SIZE", 10, 1),
    "urls": ("CACHE_SECONDS", 0, 60), "signals": ("RETRY_DELAY", 0, 5),
    "services": ("BATCH_SIZE", 50, 10), "selectors": ("DEFAULT_LIMIT", 20, 5),
    "command": ("DEFAULT_BATCH", 100, 25), "extra": ("LIMIT", 10, 1), "kernel": ("LIMIT", 10, 1),
}


def render_module(project: Project, module: Module, rev: int, lint: int) -> str:
    """Formatted source of an app or kernel module at revision ``rev``."""
    if module.kind == "init":
        return f'"""{module.doc}"""\n' if module.doc else ""
    refs = [r for r in module.imports if project.active(module.fid, r.module, rev)]
    app = project.apps.get(module.dotted.split(".")[0])
    ctx = Ctx(module, app, refs, project.layers, rev)
    lazy = [r for r in refs if module.layer == "apps"]
    top = [r for r in refs if r not in lazy]
    third, names, body = BODIES.get(module.layer, extra)(ctx)
    third += _dynamic_imports(module.dotted)
    lines = [f'"""{module.doc}"""']
    absolute = sorted((import_line(r) for r in top if r.style not in (RELATIVE, REL_SYMBOL)),
                      key=lambda line: (not line.startswith("import "), line))
    relative = sorted(import_line(r) for r in top if r.style in (RELATIVE, REL_SYMBOL))
    stdlib = sorted({line for line in third if "django" not in line})
    django = sorted({line for line in third if "django" in line})
    for block in (stdlib, django, _merged(absolute), _merged(relative)):
        if block:
            lines += ["", *block]
    lines += ["", *_dunder_all(names, lint)]
    if module.layer in CONSTANTS:
        name, base, step = CONSTANTS[module.layer]
        lines += ["", f"{name} = {base + step * rev}"]
    lines += body + _dynamic_functions(module.dotted) + _helpers(module.fid, (rev - 1) // 2)
    if module.role == HOTSPOT:
        lines += rule_functions(module.fid, 16 + rev // 4)
    return "\n".join(lines) + "\n"


def _merged(lines: list[str]) -> list[str]:
    """One "from x import a, b" line per source module, as isort writes them."""
    names: dict[str, list[str]] = {}
    for line in lines:
        head, _, tail = line.partition(" import ")
        if line.startswith("from "):
            names.setdefault(head, []).extend(tail.split(", "))
        else:
            names.setdefault(line, [])
    return [f"{key} import {', '.join(sorted(items))}" if items else key
            for key, items in names.items()]


def _dunder_all(names: list[str], lint: int) -> list[str]:
    quoted = [f'"{name}"' for name in sorted(names)]
    if lint % 2:
        return ["__all__ = [", *(f"    {name}," for name in quoted), "]"]
    return [f"__all__ = [{', '.join(quoted)}]"]


def _dynamic_imports(dotted: str) -> list[str]:
    kinds = {kind for module, kind, _, _ in spec.DYNAMIC if module == dotted}
    lines = ["from django.apps import apps"] if "get_model" in kinds else []
    if "import_string" in kinds:
        lines.append("from django.utils.module_loading import import_string")
    return lines


def _dynamic_functions(dotted: str) -> list[str]:
    lines: list[str] = []
    for module, kind, first, second in spec.DYNAMIC:
        if module != dotted:
            continue
        if kind == "get_model":
            name = f"_{snake(second)}_model"
            lines += function(name, f"{second} without importing its app.", [],
                               f'apps.get_model("{first}", "{second}")')
        else:
            name = f"_load_{snake(first.rpartition('.')[2])}"
            lines += function(name, f"The class configured as {first}.", [],
                               f'import_string("{first}")(ref)')
    return lines


def _helpers(seed_text: str, count: int) -> list[str]:
    lines: list[str] = []
    for number in range(1, count + 1):
        rng = random.Random(f"{seed_text}:helper:{number}")
        word = rng.choice(_WORDS)
        lines += ["", "", f"def clean_{word}_{number}(value: object) -> object:",
                  f'    """Normalise {word} values (change {number})."""',
                  '    if value in (None, ""):', f"        return {rng.randint(1, 99)}",
                  f"    return str(value)[:{rng.randint(8, 64)}]"]
    return lines
