"""Turn the django scenario's tables into modules, planted imports and string references."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cached_property

from sample_repos import django_apps as spec
from sample_repos.django_apps import App
from sample_repos.model import (
    FROM_PACKAGE,
    FROM_SYMBOL,
    HOTSPOT,
    IMPORT_MODULE,
    INIT,
    KERNEL,
    MIGRATION,
    RELATIVE,
    ImportRef,
    Module,
)

REL_SYMBOL = "relative_symbol"  # from .models import Product
PROJECT_ROLE = "project"  # config package: wiring of the whole project, no service
WIRING = "wiring"  # apps.py: never edited after its app is created
STANDARD = ("apps", "models", "admin", "forms", "views", "urls", "signals", "services", "selectors")
TESTED = {"models": "test_models", "views": "test_views", "services": "test_services"}
DOCS = {
    "apps": "App configuration of the {app} app.",
    "models": "Database models of the {app} app.",
    "admin": "Admin pages of the {app} app.",
    "forms": "Forms of the {app} app.",
    "views": "Views of the {app} app.",
    "urls": "URL routes of the {app} app.",
    "signals": "Signal receivers of the {app} app.",
    "services": "Write-side business logic of the {app} app.",
    "selectors": "Read-side queries of the {app} app.",
    "command": "Management command: {title}.",
    "extra": "{title} for the {app} app.",
}


@dataclass
class Project:
    """The modules of the project plus what rendering and planning need to know about them."""

    modules: list[Module]
    apps: dict[str, App]
    misplaced: dict[str, str]  # dotted -> true service
    late: list[tuple[str, str]]  # (source fid, target dotted) imports added after the source
    migrations: dict[str, dict[str, object]] = field(default_factory=dict)  # fid -> details
    activation: dict[tuple[str, str], int] = field(default_factory=dict)  # -> first revision

    @cached_property
    def layers(self) -> dict[str, str]:
        """dotted -> layer of every module (asked for once the modules are complete)."""
        return {m.dotted: m.layer for m in self.modules}

    def active(self, fid: str, target: str, rev: int) -> bool:
        """Whether the import of ``target`` is in ``fid`` at revision ``rev``."""
        return rev >= self.activation.get((fid, target), 1)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def path_of(dotted: str, package: bool = False) -> str:
    tail = "/__init__.py" if package else ".py"
    return f"{spec.SOURCE_ROOT}/{dotted.replace('.', '/')}{tail}"


def layout(rng: random.Random, cross_rate: float) -> Project:
    """Every module of the project with its imports planted."""
    apps = {app.name: app for app in spec.APPS}
    modules = _kernel() + _config()
    for app in spec.APPS:
        modules += _app_modules(app)
    misplaced: dict[str, str] = {}
    for app_name, base, symbol, kind, service, after, _, _ in spec.MISPLACED:
        created = round(apps[after].start + 0.02, 6) if after in apps else 0.0
        dotted = f"{app_name}.{base}"
        doc = f"{base.replace('_', ' ').capitalize()} helpers."
        module = Module(dotted, path_of(dotted), "extra", service, symbol, kind, doc, created)
        modules.append(module)
        misplaced[dotted] = service
    by_dotted = {m.dotted: m for m in modules}
    for dotted in spec.HOTSPOTS:
        by_dotted[dotted].role = HOTSPOT
    edges = _standard_edges(modules, apps, rng) + [(a, b) for a, b in spec.INTRA_IMPORTS]
    edges += _service_edges()
    edges += [(host, dotted) for dotted, host in _hosts().items()]
    edges += [(m[0] + "." + m[1], target) for m in spec.MISPLACED for target in m[7]]
    edges += _cross_edges(modules, edges, rng, cross_rate)
    for source, target in dict.fromkeys(edges):
        by_dotted[source].imports.append(_ref(by_dotted[source], by_dotted[target], rng))
    for module in modules:
        module.imports = _distinct_names(module.imports)
    late = [
        (m.fid, ref.module) for m in modules for ref in m.imports
        if by_dotted[ref.module].created > m.created
    ]
    return Project(modules, apps, misplaced, late)


def _hosts() -> dict[str, str]:
    return {f"{m[0]}.{m[1]}": m[6] for m in spec.MISPLACED}


def _kernel() -> list[Module]:
    app = spec.KERNEL_APP
    modules = [
        Module(app, path_of(app, True), "init", None, "", "init", "Shared kernel.", 0.0, KERNEL),
        Module(f"{app}.apps", path_of(f"{app}.apps"), "apps", None, "CoreConfig", "apps",
               "App configuration of the shared kernel.", 0.0, KERNEL),
    ]
    for base, symbol, kind, doc in spec.KERNEL:
        dotted = f"{app}.{base}"
        module = Module(dotted, path_of(dotted), "kernel", None, symbol, kind, doc, 0.0, KERNEL)
        if base in spec.KERNEL_TESTS:
            module.test = f"{spec.SOURCE_ROOT}/{app}/tests/test_{base}.py"
        modules.append(module)
    return modules


def _config() -> list[Module]:
    modules = [Module("config", path_of("config", True), "init", None, "", "init",
                      "Project configuration.", 0.0, PROJECT_ROLE)]
    for base in ("settings", "urls", "wsgi", "asgi"):
        dotted = f"config.{base}"
        modules.append(Module(dotted, path_of(dotted), "config", None, "", "config", "", 0.0,
                              PROJECT_ROLE))
    return modules


def _app_modules(app: App) -> list[Module]:
    name, service, start = app.name, app.service, app.start
    first = app.models[0]
    symbols = {
        "apps": app.config_class, "models": first, "admin": f"{first}Admin",
        "forms": f"{first}Form", "views": f"{first}ListView", "urls": "urlpatterns",
        "signals": f"on_{snake(first)}_saved", "services": f"create_{snake(first)}",
        "selectors": f"{snake(first)}_list",
    }
    doc = f"{name.capitalize()} app."
    modules = [Module(name, path_of(name, True), "init", service, "", "init", doc, start, INIT)]
    for kind in STANDARD:
        dotted = f"{name}.{kind}"
        text = DOCS[kind].format(app=name)
        module = Module(dotted, path_of(dotted), kind, service, symbols[kind],
                        "func" if kind in ("signals", "services", "selectors") else "class",
                        text, start, WIRING if kind == "apps" else "normal")
        if kind in TESTED:
            module.test = f"{spec.SOURCE_ROOT}/{name}/tests/{TESTED[kind]}.py"
        modules.append(module)
    for package in ("management", "management.commands"):
        dotted = f"{name}.{package}"
        modules.append(Module(dotted, path_of(dotted, True), "init", service, "", "init", "",
                              start, INIT))
    command = f"{name}.management.commands.{app.command}"
    title = app.command.replace("_", " ")
    modules.append(Module(command, path_of(command), "command", service, "Command", "class",
                          DOCS["command"].format(title=title), start))
    for base, symbol, kind in app.extras:
        dotted = f"{name}.{base}"
        text = DOCS["extra"].format(title=base.replace("_", " ").capitalize(), app=name)
        modules.append(Module(dotted, path_of(dotted), "extra", service, symbol, kind, text, start))
    migrations = f"{name}.migrations"
    modules.append(Module(migrations, path_of(migrations, True), "migration", None, "", "init",
                          "", start, MIGRATION))
    initial = f"{migrations}.0001_initial"
    modules.append(Module(initial, path_of(initial), "migration", None, "", "migration", "",
                          start, MIGRATION))
    return modules


def _standard_edges(
    modules: list[Module], apps: dict[str, App], rng: random.Random
) -> list[tuple[str, str]]:
    """Imports every app has inside itself, its model imports and the kernel imports."""
    wanted = {
        "models": (), "admin": ("models",), "forms": ("models",), "selectors": ("models",),
        "services": ("models", "selectors"), "signals": ("models", "services"),
        "views": ("models", "forms", "services", "selectors"), "urls": ("views",),
        "apps": ("signals",), "command": ("services",),
    }
    kernel = {
        "models": (("models", 1.0),), "forms": (("utils", 0.3),), "selectors": (("utils", 0.25),),
        "services": (("money", 0.35), ("utils", 0.35)), "views": (("permissions", 0.6),),
        "command": (("utils", 0.3),), "signals": (("utils", 0.2),),
    }
    core = spec.KERNEL_APP
    edges: list[tuple[str, str]] = [(f"{core}.middleware", f"{core}.utils"),
                                    ("config.urls", f"{core}.views")]
    for module in modules:
        app = apps.get(module.dotted.split(".")[0])
        if app is None or module.layer not in wanted:
            continue
        edges += [(module.dotted, f"{app.name}.{target}") for target in wanted[module.layer]]
        for target, share in kernel.get(module.layer, ()):
            if rng.random() < share:
                edges.append((module.dotted, f"{core}.{target}"))
        if module.layer == "models":
            edges += [(module.dotted, f"{target[1:]}.models") for target in targets(app)
                      if target.startswith("@")]
    return edges


def _service_edges() -> list[tuple[str, str]]:
    """The apps of one service work as one: a later app builds on the earlier ones' code."""
    edges: list[tuple[str, str]] = []
    for later in spec.APPS:
        for earlier in spec.APPS:
            if earlier.service == later.service and earlier.start < later.start:
                edges += [(f"{later.name}.{source}", f"{earlier.name}.{target}")
                          for source, target in spec.SERVICE_IMPORTS]
                edges += [(f"{earlier.name}.{source}", f"{later.name}.{target}")
                          for source, target in spec.SERVICE_CALLBACKS]
    return edges


def targets(app: App) -> list[str]:
    """What the relation fields of ``app`` point at."""
    return [re.split(r"[>=*]", item)[1] for item in app.fields]


def _cross_edges(
    modules: list[Module], edges: list[tuple[str, str]], rng: random.Random, rate: float
) -> list[tuple[str, str]]:
    """The planted cross-service imports, trimmed or topped up to reach ``rate``."""
    service = {m.dotted: m.service for m in modules}
    intra = sum(service.get(a) is not None and service.get(a) == service.get(b) for a, b in edges)
    required = sum(
        service.get(a) is not None and service.get(b) is not None and service[a] != service[b]
        for a, b in edges
    )
    wanted = round(rate * intra / (1.0 - rate))
    chosen = list(spec.CROSS_IMPORTS[: max(wanted - required, 0)])
    created = {m.dotted: m.created for m in modules}
    sources = [m for m in modules if m.service and m.layer in ("views", "services", "command")]
    pool = [m for m in modules if m.service and m.layer in ("selectors", "services")]
    taken = set(edges) | set(chosen)
    for _ in range(2000):
        if len(chosen) + required >= wanted:
            break
        source, target = rng.choice(sources), rng.choice(pool)
        pair = (source.dotted, target.dotted)
        across = source.service != target.service and pair not in taken
        if across and created[target.dotted] < source.created:
            taken.add(pair)
            chosen.append(pair)
    return chosen


def _ref(source: Module, target: Module, rng: random.Random) -> ImportRef:
    same_app = source.dotted.split(".")[0] == target.dotted.split(".")[0]
    same_folder = same_app and source.dotted.count(".") == target.dotted.count(".") == 1
    symbol = target.symbol
    if source.layer == "admin" and target.layer == "models":
        symbol = ", ".join(sorted(_app_of(target).models))
    if source.layer in ("urls", "apps"):
        style = RELATIVE if same_folder and rng.random() < 0.6 else FROM_PACKAGE
    elif target.role == KERNEL or source.layer == "models":
        style = FROM_SYMBOL
    elif same_folder:
        style = rng.choices((REL_SYMBOL, FROM_SYMBOL, FROM_PACKAGE), (0.3, 0.45, 0.25))[0]
    else:
        style = rng.choices((FROM_SYMBOL, FROM_PACKAGE, IMPORT_MODULE), (0.6, 0.25, 0.15))[0]
    return ImportRef(target.dotted, symbol, target.kind, style)


def _distinct_names(refs: list[ImportRef]) -> list[ImportRef]:
    """Sorted imports; a second "from x import services" becomes a symbol import."""
    bound: set[str] = set()
    result = []
    for ref in sorted(refs, key=lambda r: r.module):
        if ref.style in (FROM_PACKAGE, RELATIVE):
            if ref.leaf in bound:
                ref = ImportRef(ref.module, ref.symbol, ref.kind, FROM_SYMBOL)
            bound.add(ref.leaf)
        result.append(ref)
    return result


def _app_of(module: Module) -> App:
    return next(app for app in spec.APPS if app.name == module.dotted.split(".")[0])
