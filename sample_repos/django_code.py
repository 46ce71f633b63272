"""Helpers shared by the django scenario's renderers: import expressions and small defs."""

from __future__ import annotations

from dataclasses import dataclass

from sample_repos.django_apps import App
from sample_repos.django_layout import REL_SYMBOL
from sample_repos.model import FROM_SYMBOL, IMPORT_MODULE, ImportRef, Module

TRANSLATE = "from django.utils.translation import gettext_lazy as _"
Body = tuple[list[str], list[str], list[str]]  # (library imports, names defined, lines)


@dataclass
class Ctx:
    """What a renderer knows about the module it writes."""

    module: Module
    app: App | None
    refs: list[ImportRef]
    layers: dict[str, str]  # dotted -> layer of every module
    rev: int

    def ref(self, layer: str) -> ImportRef | None:
        """The import of this app's module of ``layer``."""
        name = self.module.dotted.split(".")[0]
        return next((r for r in self.refs if r.module == f"{name}.{layer}"), None)

    def others(self, *skip: str) -> list[ImportRef]:
        """Imports except those of ``skip`` (a layer of this app, or a dotted name)."""
        name = self.module.dotted.split(".")[0]
        full = {item if "." in item else f"{name}.{item}" for item in skip}
        return [r for r in self.refs if r.module not in full]

    def uses(self, arg: str, *skip: str) -> list[str]:
        return [use(ref, arg, self.layers[ref.module]) for ref in self.others(*skip)]


def expr(ref: ImportRef, name: str) -> str:
    """How the importing module spells ``name`` from the imported module."""
    if ref.style in (FROM_SYMBOL, REL_SYMBOL):
        return name
    if ref.style == IMPORT_MODULE:
        return f"{ref.module}.{name}"
    return f"{ref.leaf}.{name}"


def use(ref: ImportRef, arg: str, layer: str) -> str:
    """An expression that uses what ``ref`` imports."""
    name = expr(ref, ref.symbol.split(", ")[0])
    if layer == "models":
        return f"{name}.objects.filter(pk={arg}).first()"
    if layer == "forms":
        return f"{name}(data={{}})"
    if layer == "views":
        return f"{name}.as_view()"
    return f"{name}({arg})"


def import_line(ref: ImportRef) -> str:
    """The import statement; ``REL_SYMBOL`` is "from .models import Product"."""
    if ref.style == REL_SYMBOL:
        return f"from .{ref.leaf} import {ref.symbol}"
    return ref.line()


def function(name: str, doc: str, body: list[str], result: str = "ref") -> list[str]:
    """A module-level function; every first-party function takes ``ref`` and options."""
    return ["", "", f"def {name}(ref: object = None, **options: object) -> object:",
            f'    """{doc}"""', *(f"    {line}" for line in body), f"    return {result}"]


def model_expr(ctx: Ctx) -> str:
    """The app's first model as the module refers to it."""
    ref = ctx.ref("models")
    first = ctx.app.models[0] if ctx.app else "object"
    return expr(ref, first) if ref else first


def on_delete(target: str) -> str:
    """on_delete of a relation: cascade inside the app, protect across, null for users."""
    if target == "AUTH":
        return "models.SET_NULL, null=True, blank=True"
    return "models.PROTECT" if "." in target or target.startswith("@") else "models.CASCADE"


def plural(word: str) -> str:
    if word.endswith("s"):
        return word + "es"
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def article(words: str) -> str:
    return "an" if words[0] in "aeiou" else "a"
