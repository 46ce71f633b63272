"""Django's app registry read from source text: app labels and `"app_label.Model"` references.

Pure: takes module names and their source text, never imports or runs the analysed code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Relation fields whose first argument (or `to=`/`through=`) may name a model as "label.Model".
FIELD_CALLS = frozenset(
    [
        "ForeignKey",
        "ManyToManyField",
        "OneToOneField",
        "ForeignObject",
        "GenericRelation",
        "ParentalKey",
        "ParentalManyToManyField",
        "TreeForeignKey",
        "TreeManyToManyField",
        "TreeOneToOneField",
    ]
)
FIELD_KEYWORDS = frozenset({"to", "through"})
#: Signal hook-ups whose `sender=` may be a lazy "app_label.Model" string.
SIGNAL_CALLS = frozenset({"receiver", "connect"})
MODEL_CALLS = frozenset({"get_model"})  # apps.get_model, oscar's get_model: ("label", "Model")
# Settings whose strings name modules (bare names too), or "module.attribute" paths.
MODULE_SETTINGS = frozenset({"INSTALLED_APPS", "ROOT_URLCONF"})
PATH_SETTINGS = frozenset(
    [
        "MIDDLEWARE",
        "MIDDLEWARE_CLASSES",
        "AUTHENTICATION_BACKENDS",
        "WSGI_APPLICATION",
        "ASGI_APPLICATION",
        "TEST_RUNNER",
    ]
)

#: Settings that name the project's entry points: what wires every app together.
ENTRY_SETTINGS = frozenset({"ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION"})

_IDENTIFIER = re.compile(r"[^\W\d]\w*\Z")
_CONFIG_CLASS = re.compile(r"^class\s+\w+\s*\([^)]*Config\b", re.MULTILINE)
_CONFIG_ATTR = re.compile(r"^[ \t]+(name|label)\s*=\s*['\"]([\w.]+)['\"]", re.MULTILINE)


@dataclass(frozen=True, order=True)
class _App:
    """A Django app: its package and its label, and whether the label was set explicitly."""

    implicit: bool
    depth: int
    package: str
    label: str


def app_packages(modules: Mapping[str, str]) -> list[str]:
    """The packages of the Django apps among `modules` (name -> source), sorted: a package
    with a `models` module or package, or with an `apps` module defining an AppConfig (whose
    `name`, when it names a known package, is the app's package)."""
    packages = _packages(modules)
    found = set()
    for name in modules:
        parent, _, last = name.rpartition(".")
        if last == "models" and parent:
            found.add(parent)
        elif last == "apps" and parent:
            config = _read_config(modules[name])
            if config is not None:
                found.add(config[0] if config[0] in packages else parent)
    return sorted(p for p in found if p in modules)


def app_members(modules: Mapping[str, str]) -> list[tuple[str, str]]:
    """(module, app package) for every module below a Django app's package, the deepest app
    holding it: Django's registry counts it as that app's (`apps.get_containing_app_config`),
    its models take that app's label, its migrations live there."""
    apps = app_packages(modules)
    pairs = []
    for name in sorted(modules):
        holders = [app for app in apps if name.startswith(app + ".")]
        if holders:
            pairs.append((name, max(holders, key=len)))
    return pairs


def app_labels(modules: Mapping[str, str]) -> dict[str, str]:
    """Django app label -> that app's models module (the app package when it has none).

    An app is a package with a `models` module or package, or with an `apps` module defining an
    AppConfig (a class whose base ends in `Config`, or that sets `name`/`label`). Its label is
    the config's `label`, else the package's last name; the config's `name` names the package
    when that is a known package. Two apps with one label: an explicit label wins, then the
    shallower package, then the first by name (deterministic; Django itself would refuse).
    """
    packages = _packages(modules)
    apps: dict[str, _App] = {}
    for name in sorted(modules):
        parent, _, last = name.rpartition(".")
        if last == "models" and parent:
            apps.setdefault(parent, _app(parent, None))
        elif last == "apps":
            config = _read_config(modules[name])
            if config is None:
                continue
            config_name, label = config
            package = config_name if config_name in packages else parent
            if package:
                apps[package] = _app(package, label)
    chosen: dict[str, _App] = {}
    for app in sorted(apps.values()):
        chosen.setdefault(app.label, app)
    return {label: _models_of(app.package, modules) for label, app in sorted(chosen.items())}


def model_reference(
    value: str,
    call: str | None,
    pos: int | None,
    keyword: str | None,
    target: str | None,
    importer: str,
    labels: Mapping[str, str],
) -> str | None:
    """The models module a string names where models are named: a relation field's model,
    get_model's label, a `*_MODEL` setting (swappable models such as AUTH_USER_MODEL)."""
    if call in FIELD_CALLS and (pos == 0 or keyword in FIELD_KEYWORDS):
        return model_target(value, importer, labels)
    if call in MODEL_CALLS and pos == 0:
        return labels.get(value.partition(".")[0])
    if call in SIGNAL_CALLS and keyword == "sender":  # a lazy sender: @receiver(sender="a.B")
        return model_target(value, importer, labels, bare=False)
    if call is None and target is not None and target.endswith("_MODEL"):
        return model_target(value, importer, labels, bare=False)
    return None


def model_target(
    reference: str, importer: str, labels: Mapping[str, str], *, bare: bool = True
) -> str | None:
    """The models module that `"label.Model"` names; a bare `"Model"` or `"self"` (when `bare`)
    names the importer's own app. None when the label is unknown."""
    label, dot, model = reference.partition(".")
    if dot:
        return labels.get(label) if _IDENTIFIER.match(model) else None
    if bare and _IDENTIFIER.match(reference):
        return own_app_models(importer, labels.values())
    return None


def own_app_models(importer: str, targets: Iterable[str]) -> str | None:
    """The models module of the app whose package holds `importer` (the innermost one)."""
    best: str | None = None
    best_package = ""
    for target in targets:
        package = target.removesuffix(".models")
        inside = importer == package or importer.startswith(package + ".")
        if inside and len(package) > len(best_package):
            best, best_package = target, package
    return best


def _app(package: str, label: str | None) -> _App:
    """An app of `package`, labelled `label` or by the package's last name."""
    implicit = not label
    return _App(implicit, package.count("."), package, label or package.rpartition(".")[2])


def _models_of(package: str, modules: Mapping[str, str]) -> str:
    """The app's models module or package, or the app package itself."""
    models = package + ".models"
    return models if models in modules else package


def _packages(modules: Iterable[str]) -> set[str]:
    """Every module name and every dotted prefix of one: the packages and modules there are."""
    found: set[str] = set()
    for name in modules:
        parts = name.split(".")
        found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def _read_config(source: str) -> tuple[str | None, str | None] | None:
    """(name, label) of the AppConfig in an apps module's source, or None when it has none."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _scan_config(source)
    configs = [_config_attrs(node) for node in tree.body if isinstance(node, ast.ClassDef)]
    configs = [attrs for attrs in configs if attrs is not None]
    if not configs:
        return None
    chosen = next((attrs for attrs in configs if attrs.get("default") is True), configs[0])
    name, label = chosen.get("name"), chosen.get("label")
    return (
        name if isinstance(name, str) else None,
        label if isinstance(label, str) and _IDENTIFIER.match(label) else None,
    )


def _config_attrs(node: ast.ClassDef) -> dict[str, object] | None:
    """The constant class attributes of an AppConfig class, or None when it is not one."""
    attrs: dict[str, object] = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    attrs[target.id] = stmt.value.value
    bases = [getattr(base, "id", None) or getattr(base, "attr", "") for base in node.bases]
    is_config = any(base.endswith("Config") for base in bases)
    return attrs if is_config or "name" in attrs or "label" in attrs else None


def _scan_config(source: str) -> tuple[str | None, str | None] | None:
    """(name, label) found by pattern, for an apps module that `ast` cannot parse."""
    if _CONFIG_CLASS.search(source) is None:
        return None
    attrs: dict[str, str] = {}
    for key, value in _CONFIG_ATTR.findall(source):
        attrs.setdefault(key, value)
    label = attrs.get("label")
    return attrs.get("name"), label if label and _IDENTIFIER.match(label) else None
