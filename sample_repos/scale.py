"""Scenario "scale": a large neutral-named monolith for benchmarks."""

from __future__ import annotations

import itertools
import math
import random

from sample_repos import words
from sample_repos.compose import Recipe, Units, compose
from sample_repos.errors import SampleError
from sample_repos.graph import GraphSpec
from sample_repos.model import (
    FROM_PACKAGE,
    FROM_SYMBOL,
    IMPORT_MODULE,
    INIT,
    KERNEL,
    Design,
    Module,
)
from sample_repos.options import OptionSpec
from sample_repos.people import Person, Team, mailmap_text
from sample_repos.plan_base import Budget, Cast
from sample_repos.pysource import Style

PACKAGE = "mono"
DESCRIPTION = "Large synthetic monolith used to benchmark service-boundary analysis."
OPTIONS = (
    OptionSpec("services", int, 12, 2, 40),
    OptionSpec("modules", int, 1500, 40, 50000),
    OptionSpec("commits", int, 10000, 100, 1000000),
    OptionSpec("cross_rate", float, 0.10, 0.0, 0.6),
)
LAYER_SHARE = (("db", 0.2), ("domain", 0.4), ("tasks", 0.15), ("api", 0.25))
FOLDER_SIZE = 250
EXTRAS = {
    "api": (("json", 0.15), ("logging", 0.1)),
    "domain": (("datetime", 0.1), ("json", 0.1)),
    "db": (("sqlalchemy", 0.5),),
    "tasks": (("celery", 0.4), ("logging", 0.2)),
}
TEST_SHARE = {"api": 0.05, "domain": 0.1, "db": 0.08, "tasks": 0.05}
GRAPH = GraphSpec(
    intra={"api": (2, 4), "domain": (2, 3), "db": (1, 2), "tasks": (2, 3)},
    kernel=(0, 1),
    styles=((FROM_SYMBOL, 0.7), (IMPORT_MODULE, 0.15), (FROM_PACKAGE, 0.15)),
    relative_share=0.0,
)


def check(options: dict[str, int | float]) -> None:
    services, modules, commits = (int(options[k]) for k in ("services", "modules", "commits"))
    if modules < services * 5:
        raise SampleError(
            f"Option modules must be at least 5 per service ({services * 5} for "
            f"{services} services), got {modules}."
        )
    if commits < modules // 5:
        raise SampleError(
            f"Option commits must be at least a fifth of modules ({modules // 5} for "
            f"{modules} modules), got {commits}."
        )


def design(seed: int, options: dict[str, int | float]) -> Design:
    rng = random.Random(seed)
    count, total = int(options["modules"]), int(options["commits"])
    services = _service_names(int(options["services"]))
    kernel_count = max(3, min(20, count // 250))
    modules, batches = _modules(rng, services, count - kernel_count, kernel_count, total)
    service_modules = count - kernel_count
    budget, hidden, hotspots, normal_estimate = _budget(
        total, batches, kernel_count, len(services), service_modules
    )
    cap = max(3, budget.hotspot_edits[0] // 2)
    people = _people(rng, services)
    teams = {
        name: Team(members, (0.8, 0.2)) for name, members in zip(services, people[1], strict=True)
    }
    canonical, alias = people[1][0][0], people[2]
    teams[services[0]] = Team((canonical, alias, people[1][0][1]), (0.5, 0.3, 0.2))
    recipe = Recipe(
        scenario="scale",
        seed=seed,
        options=options,
        package=PACKAGE,
        description=DESCRIPTION,
        services=services,
        modules=modules,
        cast=Cast(teams, people[0], "MONO"),
        org="monoco",
        style=Style(
            compact=True, hot_base_blocks=20, stable_blocks=24 + budget.hotspot_edits[1] // 5
        ),
        graph=GRAPH,
        budget=budget,
        cross_rate=float(options["cross_rate"]),
        hotspots=hotspots,
        decoys=2,
        hidden_pairs=hidden,
        lint_targets=4,
        test_share=TEST_SHARE,
        test_path=_test_path,
        rename_to=_rename_to,
        units=lambda pool, r: _units(pool, r, normal_estimate, budget.pair_prob, cap),
        total=total,
        span_days=max(730, total // 50),
        aliases={canonical.email: [alias.email]},
        mailmap=mailmap_text(canonical, (alias,)),
    )
    return compose(recipe, rng)


def _service_names(count: int) -> list[str]:
    names = list(words.SERVICES)
    return [
        names[i % len(names)] + (str(i // len(names) + 1) if i >= len(names) else "")
        for i in range(count)
    ]


def _split(total: int, weights: list[float], minimum: int) -> list[int]:
    """Largest-remainder split of ``total`` by ``weights`` with a per-part minimum."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest <= 0:
        return [total // len(weights) + (i < total % len(weights)) for i in range(len(weights))]
    shares = [rest * w / sum(weights) for w in weights]
    parts = [b + math.floor(s) for b, s in zip(base, shares, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: -(shares[i] - math.floor(shares[i])))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _names(rng: random.Random, count: int) -> list[str]:
    combos = [f"{a}_{n}" for a, n in itertools.product(words.ADJECTIVES, words.NOUNS)]
    rng.shuffle(combos)
    names = combos[:count]
    round_number = 2
    while len(names) < count:
        names += [f"{name}_{round_number}" for name in combos[: count - len(names)]]
        round_number += 1
    return names


def _modules(
    rng: random.Random, services: list[str], count: int, kernel_count: int, commits: int
) -> tuple[list[Module], int]:
    sizes = _split(count, [rng.uniform(0.8, 1.2) for _ in services], 3)
    plan: list[tuple[str, str]] = []
    for service, size in zip(services, sizes, strict=True):
        layer_sizes = _split(size, [share for _, share in LAYER_SHARE], 0)
        if layer_sizes[1] == 0:
            layer_sizes[1], layer_sizes[0] = 1, layer_sizes[0] - 1
        for (layer, _), layer_size in zip(LAYER_SHARE, layer_sizes, strict=True):
            plan += [(service, layer)] * layer_size
    names = _names(rng, len(plan))
    folders = _folders(rng, plan)
    modules = _skeleton(folders, kernel_count)
    service_modules: list[Module] = []
    for (service, layer), name, folder in zip(plan, names, folders, strict=True):
        service_modules.append(_service_module(rng, service, layer, name, folder))
    service_modules.sort(key=lambda m: m.created)
    batches = min(len(service_modules), max(1, commits // 5))
    for chunk in _chunks(service_modules, batches):
        key = chunk[-1].created
        for module in chunk:
            module.created = key
    return modules + service_modules, batches


def _folders(rng: random.Random, plan: list[tuple[str, str]]) -> list[str]:
    by_layer: dict[str, list[int]] = {}
    for index, (_, layer) in enumerate(plan):
        by_layer.setdefault(layer, []).append(index)
    folders = [""] * len(plan)
    pool = list(words.FOLDERS)
    rng.shuffle(pool)
    for layer, indexes in by_layer.items():
        groups = max(1, math.ceil(len(indexes) / FOLDER_SIZE))
        rng.shuffle(indexes)
        for position, index in enumerate(indexes):
            group = position % groups
            word = pool[group % len(pool)] + (
                str(group // len(pool) + 1) if group >= len(pool) else ""
            )
            folders[index] = f"{layer}/{word}"
    return folders


def _skeleton(folders: list[str], kernel_count: int) -> list[Module]:
    inits = [("", "Synthetic monolith."), ("core", "Shared kernel.")]
    layers = sorted({folder.split("/")[0] for folder in folders})
    inits += [(layer, f"{layer.capitalize()} layer.") for layer in layers]
    inits += [(folder, "Grouped modules.") for folder in sorted(set(folders))]
    modules = []
    for folder, doc in inits:
        path = f"{PACKAGE}/{folder}/__init__.py" if folder else f"{PACKAGE}/__init__.py"
        dotted = ".".join(part for part in (PACKAGE, folder.replace("/", ".")) if part)
        modules.append(Module(dotted, path, "init", None, "", "init", doc, 0.0, role=INIT))
    for index, name in enumerate(words.KERNEL[:kernel_count]):
        kind = "func" if index % 3 == 2 else "class"
        symbol = name if kind == "func" else _camel(name)
        modules.append(
            Module(
                f"{PACKAGE}.core.{name}",
                f"{PACKAGE}/core/{name}.py",
                "core",
                None,
                symbol,
                kind,
                f"Shared {name.replace('_', ' ')} helpers.",
                0.0,
                role=KERNEL,
            )
        )
    return modules


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _service_module(rng: random.Random, service: str, layer: str, name: str, folder: str) -> Module:
    kind = "func" if layer == "tasks" else "class"
    symbol = name if kind == "func" else _camel(name)
    extras = [extra for extra, share in EXTRAS[layer] if rng.random() < share]
    doc = f"{name.replace('_', ' ').capitalize()} {'job' if kind == 'func' else 'component'}."
    path = f"{PACKAGE}/{folder}/{name}.py"
    dotted = path.removesuffix(".py").replace("/", ".")
    created = round(rng.uniform(0.005, 0.6), 9)
    return Module(dotted, path, layer, service, symbol, kind, doc, created, extras=extras)


def _chunks(items: list[Module], count: int) -> list[list[Module]]:
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        chunks.append(items[start:end])
        start = end
    return [chunk for chunk in chunks if chunk]


def _budget(
    total: int, batches: int, kernel: int, services: int, service_modules: int
) -> tuple[Budget, int, int, int]:
    """Budget, hidden pair count, hotspot count and the expected number of normal commits."""
    dependabot = min(max(total // 2000, 2), 25)
    precommit = min(max(total // 2500, 6), 25)
    vendor = min(max(total // 10000, 1), 6)
    merges = min(max(total // 1000, 2), 40)
    fixed = 1 + batches + 6 + dependabot + precommit + vendor + merges + round(kernel * 1.5)
    rest = total - fixed
    hidden = min(services, max(1, int(rest * 0.1) // 11))
    together_high = min(max(rest // 3000, 8), 14)
    hotspots = min(10, max(2, service_modules // 40))
    per = min(max(int(rest * 0.12) // (hotspots + 2), 4), 80)
    tangled = min(max(total // 2000, 1), 30)
    budget = Budget(
        hotspot_edits=(max(4, per * 4 // 5), per),
        churny_edits=(max(4, per * 4 // 5), per),
        hidden_together=(8, together_high),
        hidden_solo=(1, 1),
        rename_before=6,
        rename_after=2,
        tangled=tangled,
        merges=merges,
        precommit=precommit,
        dependabot=dependabot,
        vendor_updates=vendor,
        kernel_edits=(1, 2),
        docs_edits=1,
        pair_prob=0.3,
        test_prob=0.4,
    )
    special = hidden * ((8 + together_high) // 2 + 2) + (hotspots + 2) * per * 9 // 10
    return budget, hidden, hotspots, max(rest - special - 8 - tangled, 0)


def _units(
    pool: list[Module], rng: random.Random, estimate: int, pair_prob: float, cap: int
) -> Units:
    weights = {m.fid: rng.lognormvariate(0.0, 0.7) for m in pool}
    total_weight = sum(weights.values()) or 1.0
    wanted = estimate * (1.0 + pair_prob * 0.8)
    units = {fid: min(cap, max(1, round(wanted * w / total_weight))) for fid, w in weights.items()}
    return units, weights


def _people(
    rng: random.Random, services: list[str]
) -> tuple[Person, list[tuple[Person, Person]], Person]:
    pairs = [(f, last) for f in words.FIRST_NAMES for last in words.LAST_NAMES]
    rng.shuffle(pairs)
    zones = ("+0000", "+0100", "+0200", "-0500", "+0530", "+0900", "-0300")
    people = [
        Person(f"{f} {last}", f"{f.lower()}.{last.lower()}@monoco.example", rng.choice(zones))
        for f, last in pairs[: len(services) * 2 + 1]
    ]
    platform = people[0]
    teams = [(people[1 + 2 * i], people[2 + 2 * i]) for i in range(len(services))]
    lead = teams[0][0]
    first, last = lead.name.split(" ", 1)
    alias = Person(f"{last} {first}", f"{first.lower()}{last.lower()}@mailbox.example", lead.tz)
    return platform, teams, alias


def _test_path(module: Module) -> str:
    folder = module.path.removeprefix(f"{PACKAGE}/").rpartition("/")[0]
    return f"tests/{folder}/test_{module.basename}.py"


def _rename_to(module: Module) -> str:
    folder, _, _ = module.path.rpartition("/")
    return f"{folder}/{module.basename}_endpoints.py"
