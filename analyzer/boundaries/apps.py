"""Units the cut keeps whole: Django apps and families of plugins (pure).

An app owns its models and their migrations. A boundary through the middle of an app splits
its schema and its migration history: a step a team takes deliberately, app first, not a side
effect of where the imports happen to cluster. So the pieces of one app that the community
detection leaves apart (a large app's sub-packages: search, plugins, management commands)
become one boundary again. The project package is the exception: an app holding the whole
project, with the domains as its sub-packages, is not one domain.

A family of plugins is a package whose sub-packages have one shape: the same module names in
each (`integrations/slack/{transport,views,urls}`, `tools/<scanner>/parser`). Plugins do not
import each other, so nothing in the graph holds them together and the cut leaves them in
bunches; yet they are one kind of thing, owned and changed as one. Their pieces are joined
like an app's. A sub-package that is a Django app, or whose name is also a package elsewhere
(a layer's slice of a domain, `graphql/checkout` beside `checkout`), is not a plugin.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from analyzer.boundaries.project import project_packages_of
from analyzer.model import ISOLATED, KERNEL, Signals

#: A boundary is a piece of an app when at least this share of its modules belong to the app.
PIECE_SHARE = 0.8
#: A family needs this many plugins (a few alike packages are more likely domains that happen
#: to be laid out alike), as much alike (mean Jaccard similarity of each plugin's module
#: names with the names at least half of them have), and at most one import from one plugin
#: into another per PLUGINS_PER_CROSS_IMPORT plugins: domains import each other, plugins not.
FAMILY_SIZE = 8
FAMILY_LIKENESS = 0.5
PLUGINS_PER_CROSS_IMPORT = 4


def plugin_families(modules: Iterable[str], apps: Iterable[str] = (),
                    imports: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Module -> the package of its family, for the modules of plugins (`apps`: the packages
    of Django apps, which are not plugins; `imports`: (importer, imported) pairs). The
    outermost family wins."""
    names = sorted(set(modules))
    is_app = set(apps)
    pairs = list(imports)
    below: dict[str, set[str]] = defaultdict(set)  # package -> names relative to it
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in names:
        parts = name.split(".")
        by_last[parts[-1]].append(name)
        for i in range(1, len(parts)):
            below[".".join(parts[:i])].add(".".join(parts[i:]))
    children: dict[str, list[str]] = defaultdict(list)
    for package in below:
        parent, dot, _ = package.rpartition(".")
        if dot:
            children[parent].append(package)
    found: dict[str, str] = {}
    for parent in sorted(children, key=lambda p: (p.count("."), p)):
        plugins = sorted(k for k in children[parent] if k not in is_app and not any(
            not other.startswith(parent + ".") for other in by_last[k.rpartition(".")[2]]))
        if len(plugins) < FAMILY_SIZE:
            continue
        counts = Counter(leaf for k in plugins for leaf in below[k])
        shape = {leaf for leaf, n in counts.items() if 2 * n >= len(plugins)}
        likeness = sum(len(below[k] & shape) / len(below[k] | shape) for k in plugins)
        if likeness < FAMILY_LIKENESS * len(plugins):
            continue
        if PLUGINS_PER_CROSS_IMPORT * _cross_imports(plugins, pairs) > len(plugins):
            continue
        for k in plugins:
            for name in (k, *(f"{k}.{rest}" for rest in below[k])):
                found.setdefault(name, parent)
    return found


def _cross_imports(plugins: Iterable[str], imports: Iterable[tuple[str, str]]) -> int:
    """How many imports go from one of `plugins` (packages) into another."""
    tops = set(plugins)

    def plugin_of(module: str) -> str | None:
        parts = module.split(".")
        for i in range(len(parts), 0, -1):
            if ".".join(parts[:i]) in tops:
                return ".".join(parts[:i])
        return None

    count = 0
    for importer, imported in imports:
        a, b = plugin_of(importer), plugin_of(imported)
        count += a is not None and b is not None and a != b
    return count


def whole_units(signals: Signals) -> dict[str, str]:
    """Module -> the unit the cut keeps whole that holds it: its Django app (the deepest), or
    its family of plugins when no app other than the project package holds it. The project
    package's own modules are in none. Depends on the code only: built once per plan."""
    app_of = dict(signals.apps)
    for app in set(app_of.values()):
        app_of[app] = app  # the app's own package belongs to it
    projects = project_packages_of(signals.modules)
    families = plugin_families(signals.modules, set(app_of.values()), signals.imports)
    for module, family in families.items():
        if app_of.get(module) in (None, *projects):
            app_of[module] = f"{family}.*"  # not a module name: no clash with an app
    return {module: unit for module, unit in app_of.items() if unit not in projects}


def rejoin(assignment: Mapping[str, str], units: Mapping[str, str]) -> dict[str, str]:
    """`assignment` with the boundaries that are pieces of one of `units` (`whole_units`;
    PIECE_SHARE of their modules in it) merged into the largest of them."""
    held: dict[str, Counter[str]] = defaultdict(Counter)
    for module, label in assignment.items():
        held[label][units.get(module, "")] += 1
    joined: dict[str, str] = {}
    for label in sorted(held, key=lambda lb: (-sum(held[lb].values()), lb)):
        if label in (KERNEL, ISOLATED):
            continue
        unit, count = min(held[label].items(), key=lambda item: (-item[1], item[0]))
        if unit and count >= PIECE_SHARE * sum(held[label].values()):
            joined[label] = joined.setdefault(unit, label)
    return {module: joined.get(label, label) for module, label in assignment.items()}
