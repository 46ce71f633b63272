"""String dependencies of the real django-oscar match an independent count.

django-oscar (installed with `pip install --no-deps django-oscar`; skipped when absent) is
copied out of site-packages and analysed. `importlib.util.find_spec("oscar")` only locates the
top-level package (no parent to import, no code of oscar run; django need not be installed).

Oscar's loading rule, from `oscar/core/loading.py`: `get_class(module_label, classname,
module_prefix="oscar.apps")` and `get_classes(module_label, classnames, module_prefix)` call the
class loader, `default_class_loader`, which imports `f"{module_prefix}.{module_label}"` (Oscar's
own module, e.g. "basket.forms" -> `oscar.apps.basket.forms`), then looks the label's first part
up in the app registry and, when that app's `name` is not under `module_prefix`, also imports
`name` followed by the label's remaining parts (a forked app's module, preferred). Within
Oscar's own code the only app outside `oscar.apps` is `oscar.config.Shop` (name and label
"oscar"), so "oscar.forms.widgets" names `oscar.forms.widgets`. The count below applies exactly
that: `<prefix>.<label>` when it is a module, else, for a label starting with "oscar.", the
label itself.

Model references: `ForeignKey("partner.StockRecord", ...)` names the model of the app whose
AppConfig (an `OscarConfig` subclass in the app's `apps.py`) sets `label = "partner"`.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from analyzer import analyze
from analyzer.model import CONTAINMENT, MODEL_REFERENCE, STRING_IMPORT
from tests.functional.test_real_package import independent_modules

LOADERS = ("get_class", "get_classes")
# (module, "label.Model" in a relation field there, the models module it names)
MODEL_EXAMPLES = [
    ("oscar.apps.basket.abstract_models", "partner.StockRecord", "oscar.apps.partner.models"),
    ("oscar.apps.order.abstract_models", "communication.CommunicationEventType",
     "oscar.apps.communication.models"),
    ("oscar.apps.voucher.abstract_models", "offer.ConditionalOffer", "oscar.apps.offer.models"),
    ("oscar.apps.shipping.abstract_models", "address.Country", "oscar.apps.address.models"),
    # The label is set in CatalogueReviewsConfig: "reviews", not the package path's tail.
    ("oscar.apps.catalogue.reviews.abstract_models", "reviews.ProductReview",
     "oscar.apps.catalogue.reviews.models"),
]
RELATION_FIELDS = ("ForeignKey", "OneToOneField", "ManyToManyField")


@pytest.fixture(scope="module")
def oscar_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.find_spec("oscar")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("django-oscar is not installed (pip install --no-deps django-oscar)")
    source = Path(spec.submodule_search_locations[0])
    if not (source / "core" / "loading.py").is_file():
        pytest.skip(f"the 'oscar' package at {source} is not django-oscar")
    root = tmp_path_factory.mktemp("oscar")
    shutil.copytree(source, root / "oscar", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def all_modules(root: Path) -> dict[str, Path]:
    """Every module file of the copy, excluded or not."""
    modules = {}
    for path in sorted((root / "oscar").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _call_name(node: ast.Call) -> str | None:
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def loader_calls(modules: dict[str, Path], everything: set[str]
                 ) -> list[tuple[str, int, str | None]]:
    """(importer, line of the label, module Oscar's rule loads or None) per literal call."""
    found = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_bytes())):
            if not (isinstance(node, ast.Call) and _call_name(node) in LOADERS and node.args):
                continue
            label = _literal(node.args[0])
            if label is None:
                continue  # only oscar.core.loading's own get_class(module_label, ...)
            given = node.args[2] if len(node.args) > 2 else next(
                (k.value for k in node.keywords if k.arg == "module_prefix"), None)
            prefix = "oscar.apps" if given is None else _literal(given)
            assert prefix is not None, f"{name}:{node.lineno}: module_prefix is not a literal"
            target = f"{prefix}.{label}"
            if target not in everything:
                target = label if label.startswith("oscar.") and label in everything else None
            found.append((name, node.args[0].lineno, target))
    return found


def test_oscar_string_dependencies_match_an_independent_count(oscar_copy: Path) -> None:
    root = oscar_copy
    everything = all_modules(root)
    kept = independent_modules(root, "oscar")  # Faultline's default excludes applied

    analysis = analyze(root, overrides={"history": False})
    graph = analysis.graph
    assert {m.name for m in graph.modules} == set(kept)

    # get_class / get_classes with a literal label, in every module of the copy.
    calls = loader_calls(everything, set(everything))
    unresolved = [(m, line) for m, line, target in calls if target is None]
    assert unresolved == []
    # A call in or into a module Faultline excludes (oscar.test, migrations) is no edge.
    excluded = [(m, line, t) for m, line, t in calls if m not in kept or t not in kept]
    expected = {(m, line, t) for m, line, t in calls
                if m in kept and t in kept and t != m}
    at_line: dict[tuple[str, int], set[str]] = defaultdict(set)
    for d in graph.dependencies:
        if d.kind == STRING_IMPORT:
            for line in d.lines:
                at_line[(d.importer, line)].add(d.imported)
    edges = {(d.importer, d.imported) for d in graph.dependencies if d.kind == STRING_IMPORT}
    expected_pairs = {(m, t) for m, _line, t in expected}
    print(f"\noscar: {len(calls)} get_class/get_classes calls with a literal label "
          f"({len(excluded)} in or into excluded modules), {len(expected_pairs)} distinct pairs; "
          f"Faultline: {len(edges)} string-import edges, "
          f"{len(expected_pairs & edges)} of those pairs")
    assert len(expected) > 150
    assert sorted(expected_pairs - edges) == []
    # Resolved to Oscar's module, not to another module with the same tail.
    wrong = [(m, line, t, at_line[(m, line)]) for m, line, t in expected
             if at_line[(m, line)] != {t}]
    assert wrong == []

    # "app_label.Model" in relation fields of the abstract models.
    models: dict[tuple[str, int], set[str]] = defaultdict(set)
    for d in graph.dependencies:
        if d.kind == MODEL_REFERENCE:
            for line in d.lines:
                models[(d.importer, line)].add(d.imported)
    for module, reference, target in MODEL_EXAMPLES:
        lines = [
            arg.lineno
            for node in ast.walk(ast.parse(kept[module].read_bytes()))
            if isinstance(node, ast.Call) and _call_name(node) in RELATION_FIELDS
            for arg in [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
            if _literal(arg) == reference
        ]
        assert lines, f"{reference!r} is no longer in {module}"
        assert all(models[(module, line)] == {target} for line in lines), (module, reference)

    # Modules with no tie of any kind, in or out; and with none but containment.
    def untied(kinds: set[str]) -> set[str]:
        tied = {end for e in graph.imports for end in (e.importer, e.imported)}
        tied |= {end for d in graph.dependencies if d.kind in kinds
                 for end in (d.importer, d.imported)}
        return set(kept) - tied

    alone = untied({CONTAINMENT, STRING_IMPORT, MODEL_REFERENCE})
    loose = untied({STRING_IMPORT, MODEL_REFERENCE})
    print(f"oscar: {len(alone)}/{len(kept)} modules with no tie at all "
          f"({len(alone) / len(kept):.1%}); {len(loose)} ({len(loose) / len(kept):.1%}) "
          "with no import, string import or model reference")
    assert len(alone) / len(kept) < 0.02
    assert len(loose) / len(kept) < 0.2


def test_oscar_names_taken_through_a_package_lead_to_their_modules(oscar_copy: Path) -> None:
    """Independently: the names `oscar/models/fields/__init__.py` imports from a module of its
    own, and each module importing one of them from `oscar.models.fields`."""
    modules = all_modules(oscar_copy)
    package = "oscar.models.fields"
    passed_on = {}
    for node in ast.parse(modules[package].read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in modules:
            passed_on.update({alias.asname or alias.name: node.module for alias in node.names})
    expected = set()
    parent, _, last = package.rpartition(".")
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = {}  # `from oscar.models import fields [as f]`: the name -> its import line
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == package:
                expected |= {(name, passed_on[a.name], node.lineno) for a in node.names
                             if a.name in passed_on and passed_on[a.name] != name}
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == parent:
                bound.update({a.asname or a.name: node.lineno for a in node.names
                              if a.name == last})
        for node in ast.walk(tree):  # then `fields.AutoSlugField` uses of the bound name
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in bound and node.attr in passed_on):
                expected.add((name, passed_on[node.attr], bound[node.value.id]))
    assert ("oscar.apps.catalogue.abstract_models", "oscar.models.fields.autoslugfield") in {
        (a, b) for a, b, _line in expected}
    analysis = analyze(oscar_copy, overrides={"history": False, "boundaries": False})
    analysed = {m.name for m in analysis.graph.modules}
    found = {(d.importer, d.imported, line) for d in analysis.graph.dependencies
             if d.kind == "re-export" and d.imported.startswith(package + ".")
             for line in d.lines}
    assert found == {row for row in expected if row[0] in analysed}
