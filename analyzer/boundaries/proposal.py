"""A cut becomes a proposal: boundary ids, readable names, interfaces and the ties that put
each module where it is (pure)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from analyzer.model import ISOLATED, KERNEL, Boundary, BoundaryOptions, Proposal, Signals, Tie

_GENERIC = frozenset((
    "api", "views", "view", "endpoints", "endpoint", "routes", "handlers", "handler", "db",
    "repo", "repos", "repository", "models", "model", "domain", "tasks", "task", "jobs", "job",
    "service", "services", "core", "utils", "util", "helpers", "common", "base", "schemas",
    "schema", "serializers", "forms", "admin", "urls", "apps", "app", "tests", "test", "init",
    "main", "lib", "src", "impl", "manager", "managers", "types", "interfaces",
    "management", "commands", "command", "migrations", "templatetags", "tags", "signals",
    "selectors", "config", "settings", "wsgi", "asgi", "middleware", "context", "processors",
    "tools", "tool", "helper", "mixins", "widgets", "filters", "fields", "exceptions",
    "modules", "module", "misc", "dir", "dirs",
))


def _name_tokens(module: str) -> list[str]:
    tokens: list[str] = []
    for part in module.split("."):  # a project-wide name is typical of nothing, so it loses
        tokens.extend(t for t in part.lower().split("_") if t and not t.isdigit())
    return tokens


def _stem(token: str) -> str:
    """The key under which a word and its plural count as one (never shown)."""
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


#: A package names a boundary when it holds this share of the boundary's modules and this
#: share of its own modules lie in the boundary: then the package tree agrees with the cut.
AGREES = 0.6


def package_sizes(modules: Iterable[str]) -> Counter[str]:
    """How many modules each package prefix holds (itself included)."""
    sizes: Counter[str] = Counter()
    for module in modules:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            sizes[".".join(parts[:depth])] += 1
    return sizes


def name_boundary(modules: Sequence[str], everywhere: Counter[str],
                  sizes: Counter[str] | None = None, total: int = 0) -> str:
    """A readable label: the package the boundary is, when the package tree agrees with it;
    else the name parts most typical of its modules, as whole words."""
    by_package = _package_name(modules, sizes) if sizes else None
    if by_package:
        return by_package
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for module in modules:
        for token in set(_name_tokens(module)):
            words[_stem(token)][token] += 1
    scored = []
    for key, forms in words.items():
        count = sum(forms.values())
        if key in _GENERIC or len(key) < 3 or (count < 2 and len(modules) > 2):
            continue
        if total and everywhere[key] > total / 2:
            continue  # the project's own name, in every module
        shown = min(forms, key=lambda form: (-forms[form], form))
        if shown in _GENERIC:
            continue
        scored.append((-(count * count / everywhere[key]), shown))
    if scored:
        return "-".join(word for _score, word in sorted(scored)[:2])
    prefixes = Counter(".".join(m.split(".")[:2]) for m in modules)
    return prefixes.most_common(1)[0][0] if prefixes else "boundary"


def _package_name(modules: Sequence[str], sizes: Counter[str]) -> str | None:
    """The deepest package with a telling name that agrees with the boundary, by its last
    name; when only generic or word-less ones agree (`core`, `api`, `v3`), the deepest of
    those with its parent's name in front: `misago-core`, `api-v3`."""
    agreeing = [package for package, held in package_sizes(modules).items()
                if held >= AGREES * len(modules) and held >= AGREES * sizes[package]
                and sizes[package] > 1]
    if not agreeing:
        return None
    named = [p for p in agreeing if _telling(_last(p))]
    best = max(named or agreeing, key=lambda p: (p.count("."), p))
    if named:
        return _last(best)
    parent, _, last = best.rpartition(".")
    return f"{_last(parent)}-{_last(last)}" if parent else _last(last)


def _last(package: str) -> str:
    return package.rsplit(".", 1)[-1].lower().replace("_", "-")


def _telling(name: str) -> bool:
    """Whether a package's name says what it holds: not generic, a word of 3 letters or more."""
    return (name not in _GENERIC and len(name) >= 3
            and not any(ch.isdigit() for ch in name))


def build_proposal(
    signals: Signals, assignment: Mapping[str, str], options: BoundaryOptions = BoundaryOptions()
) -> Proposal:
    """Boundaries, ids, names, interfaces and reasons for a module -> label assignment.

    Service boundaries are numbered b01, b02, ... by size (largest first), ties by their first
    module; the kernel and the isolated group keep their fixed ids.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for module in sorted(signals.modules):
        members[assignment.get(module, ISOLATED)].append(module)
    services = sorted(
        (label for label in members if label not in (KERNEL, ISOLATED)),
        key=lambda label: (-len(members[label]), members[label][0]),
    )
    ids = {label: f"b{number:02d}" for number, label in enumerate(services, start=1)}
    ids[KERNEL] = KERNEL
    ids[ISOLATED] = ISOLATED
    final = {module: ids[label] for label, mods in members.items() for module in mods}
    imported_from_outside = {
        imported for importer, imported in signals.imports
        if importer in final and imported in final and final[importer] != final[imported]
    }
    everywhere = Counter(_stem(t) for m in signals.modules for t in set(_name_tokens(m)))
    sizes = package_sizes(signals.modules)
    boundaries = []
    used: Counter[str] = Counter()
    for label in [*services, KERNEL, ISOLATED]:
        if label not in members:
            continue
        mods = tuple(members[label])
        if label == KERNEL:
            name, kind = "shared kernel", "kernel"
        elif label == ISOLATED:
            name, kind = "no ties", "isolated"
        else:
            name, kind = name_boundary(mods, everywhere, sizes, len(signals.modules)), "service"
            used[name] += 1
            if used[name] > 1:
                name = f"{name}-{used[name]}"
        boundaries.append(Boundary(
            id=ids[label], name=name, modules=mods,
            interface=tuple(m for m in mods if m in imported_from_outside), kind=kind,
        ))
    return Proposal(
        boundaries=tuple(boundaries), assignment=dict(sorted(final.items())),
        reasons=_reasons(signals, final), options=options,
    )


#: The kinds of tie `_reasons` tells apart, as bits.
_IMPORT, _DEPENDENCY, _COCHANGE = 1, 2, 4
_KIND_NAMES = {mask: tuple(sorted(name for bit, name in ((_IMPORT, "import"),
                                                          (_DEPENDENCY, "dependency"),
                                                          (_COCHANGE, "co-change"))
                                  if mask & bit)) for mask in range(8)}


def _reasons(signals: Signals, assignment: Mapping[str, str], top: int = 3
             ) -> dict[str, tuple[Tie, ...]]:
    """Each module's strongest ties inside its own boundary (imports count 1, co-change degree)."""
    weight: dict[tuple[str, str], float] = {}
    kinds: dict[tuple[str, str], int] = {}
    for importer, imported in signals.imports:
        if importer == imported or assignment.get(importer) != assignment.get(imported):
            continue
        for pair in ((importer, imported), (imported, importer)):
            mask = kinds.get(pair, 0)
            if not mask & _IMPORT:
                weight[pair] = weight.get(pair, 0.0) + 1.0
                kinds[pair] = mask | _IMPORT
    for a, b, w in signals.links:
        if a != b and a in assignment and assignment.get(a) == assignment.get(b):
            for pair in ((a, b), (b, a)):
                mask = kinds.get(pair, 0)
                if not mask & (_IMPORT | _DEPENDENCY):
                    weight[pair] = weight.get(pair, 0.0) + w
                    kinds[pair] = mask | _DEPENDENCY
    for a, b, degree in signals.cochange:
        if a in assignment and assignment.get(a) == assignment.get(b):
            for pair in ((a, b), (b, a)):
                weight[pair] = weight.get(pair, 0.0) + degree
                kinds[pair] = kinds.get(pair, 0) | _COCHANGE
    by_module: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for (a, b), w in weight.items():
        by_module[a].append((-round(w, 4), b, kinds[(a, b)]))
    return {  # the strongest first, then by name (each neighbour once)
        module: tuple(Tie(b, -w, _KIND_NAMES[mask])
                      for w, b, mask in sorted(ties)[:top])
        for module, ties in sorted(by_module.items())
    }
