"""The project package of a Django-style layout, found from module names alone (pure).

Shared by the cut (an app that is the whole project is not one domain) and by the app truth of
QUALITY.md (the apps are the project package's children).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: Share of the modules a top-level package must hold to be taken as the project package.
PROJECT_SHARE = 0.8


def project_packages_of(modules: Iterable[str]) -> frozenset[str]:
    """The project package, if any: the top-level package whose children are the apps.

    It is the largest top-level package when it holds at least PROJECT_SHARE of the modules
    (all of them, less a few scripts, settings or sandbox modules beside it) and has two or more
    subpackages. Otherwise the apps sit at the top of the source roots and there is none.
    """
    names = list(modules)
    if not names:
        return frozenset()
    sizes = Counter(name.split(".")[0] for name in names)
    top, size = min(sizes.items(), key=lambda item: (-item[1], item[0]))
    subpackages = {name.split(".")[1] for name in names
                   if name.startswith(f"{top}.") and name.count(".") >= 2}
    if size >= PROJECT_SHARE * len(names) and len(subpackages) >= 2:
        return frozenset({top})
    return frozenset()
