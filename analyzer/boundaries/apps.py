"""Django apps as the cut sees them: the project package, and apps kept whole (pure).

An app owns its models and their migrations. A boundary through the middle of an app splits
its schema and its migration history: a step a team takes deliberately, app first, not a side
effect of where the imports happen to cluster. So the pieces of one app that the community
detection leaves apart (a large app's sub-packages: search, plugins, management commands)
become one boundary again. The project package is the exception: an app holding the whole
project, with the domains as its sub-packages, is not one domain.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from analyzer.boundaries.project import project_packages_of
from analyzer.model import ISOLATED, KERNEL, Signals

#: A boundary is a piece of an app when at least this share of its modules belong to the app.
PIECE_SHARE = 0.8


def rejoin_apps(assignment: Mapping[str, str], signals: Signals) -> dict[str, str]:
    """`assignment` with the boundaries that are pieces of one app (PIECE_SHARE of their
    modules below it) merged into the largest of them; the project package's pieces stay."""
    app_of = dict(signals.apps)
    for app in set(app_of.values()):
        app_of[app] = app  # the app's own package belongs to it
    projects = project_packages_of(signals.modules)
    held: dict[str, Counter[str]] = defaultdict(Counter)
    for module, label in assignment.items():
        held[label][app_of.get(module, "")] += 1
    joined: dict[str, str] = {}
    for label in sorted(held, key=lambda lb: (-sum(held[lb].values()), lb)):
        if label in (KERNEL, ISOLATED):
            continue
        app, count = min(held[label].items(), key=lambda item: (-item[1], item[0]))
        if app and app not in projects and count >= PIECE_SHARE * sum(held[label].values()):
            joined[label] = joined.setdefault(app, label)
    return {module: joined.get(label, label) for module, label in assignment.items()}
