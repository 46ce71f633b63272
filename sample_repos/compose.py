"""Shared pipeline that turns a scenario recipe into a complete design."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sample_repos import infra, messages
from sample_repos.branches import plant_branches
from sample_repos.graph import GraphSpec, plant_imports
from sample_repos.model import (
    EDIT,
    FEATURE,
    FROM_SYMBOL,
    KERNEL,
    Design,
    FileDef,
    ImportRef,
    Module,
    Op,
    Plant,
    Step,
)
from sample_repos.plan_base import Budget, Cast, Layout, PlanContext
from sample_repos.planner import normal_pool, plan_steps
from sample_repos.pysource import Style, render_module, render_test, unformat
from sample_repos.roles import assign_post_graph, assign_pre_graph
from sample_repos.timeline import assign_times, ordered
from sample_repos.validate import check_cochange

Units = tuple[dict[str, int], dict[str, float]]
LINT_TARGET_UNITS = 4  # bot fixes already add revisions to these files


@dataclass
class Recipe:
    """Everything scenario-specific; ``compose`` does the rest."""

    scenario: str
    seed: int
    options: dict[str, int | float]
    package: str
    description: str
    services: list[str]
    modules: list[Module]
    cast: Cast
    org: str
    style: Style
    graph: GraphSpec
    budget: Budget
    cross_rate: float
    hotspots: int
    decoys: int
    hidden_pairs: int
    lint_targets: int
    test_share: dict[str, float]
    test_path: Callable[[Module], str]
    rename_to: Callable[[Module], str]
    units: Callable[[list[Module], random.Random], Units]
    total: int | None
    span_days: int
    aliases: dict[str, list[str]]
    mailmap: str


def compose(recipe: Recipe, rng: random.Random) -> Design:
    """Assign roles, plant imports, plan and date the history, then check its promises."""
    modules = recipe.modules
    used: set[str] = set()
    plant = assign_pre_graph(modules, rng, recipe.hotspots, recipe.decoys, used)
    plant_imports(modules, rng, recipe.cross_rate, recipe.graph)
    assign_post_graph(
        modules, rng, plant, used, recipe.hidden_pairs, recipe.lint_targets, recipe.rename_to
    )
    _assign_tests(recipe, plant, rng)
    layout, files = _files(recipe)
    ctx = PlanContext(modules, plant, recipe.budget, recipe.cast, layout, rng)
    pool = normal_pool(modules, plant)
    units, weights = recipe.units(pool, rng)
    for fid in plant.lint_targets:
        if fid in units:
            units[fid] = min(units[fid], LINT_TARGET_UNITS)
    planned = plan_steps(ctx, units, weights, recipe.total)
    steps = plant_branches(ordered(planned), recipe.budget.merges, rng, recipe.org)
    if recipe.total is not None:
        steps += _padding(recipe, pool, rng, recipe.total - len(steps))
    assign_times(steps, rng, recipe.span_days)
    check_cochange(steps, modules, plant)
    _apply_rename(modules, plant)
    return Design(
        scenario=recipe.scenario,
        seed=recipe.seed,
        options=recipe.options,
        package=recipe.package,
        services=recipe.services,
        modules=modules,
        files=files,
        steps=steps,
        plant=plant,
        vendored=list(infra.VENDOR_FILES),
        aliases=recipe.aliases,
    )


def _assign_tests(recipe: Recipe, plant: Plant, rng: random.Random) -> None:
    renamed = plant.renamed[0] if plant.renamed else None
    for module in recipe.modules:
        if module.kind not in ("class", "func") or module.fid == renamed:
            continue
        share = 1.0 if module.role == KERNEL else recipe.test_share.get(module.layer, 0.0)
        if rng.random() < share:
            module.test = recipe.test_path(module)


def _python(source: Callable[[int, int], str], rev: int, formatted: bool, lint: int) -> str:
    text = source(rev, lint)
    return text if formatted else unformat(text)


def _module_source(module: Module, style: Style) -> Callable[[int, int], str]:
    if module.kind == "init":
        return lambda rev, lint: infra.init_module(module.doc)
    if module.kind == "migration":
        name = module.basename
        number, title = int(name[:4]), name[5:].replace("_", " ")
        return lambda rev, lint: infra.migration(number, title, name.rsplit("_", 1)[1])
    return partial(render_module, module, style)


def _files(recipe: Recipe) -> tuple[Layout, list[FileDef]]:
    package, description = recipe.package, recipe.description
    files = [
        FileDef(".gitignore", lambda rev, fmt, lint: infra.gitignore()),
        FileDef("README.md", lambda rev, fmt, lint: infra.readme_md(package, description, rev)),
        FileDef(
            "pyproject.toml", lambda rev, fmt, lint: infra.pyproject_toml(package, description)
        ),
        FileDef("requirements.txt", lambda rev, fmt, lint: infra.requirements_txt(rev)),
        FileDef(
            "docs/conf.py", partial(_python, lambda rev, lint: infra.docs_conf(package, rev)), True
        ),
    ]
    init_files = tuple(f.fid for f in files)
    mailmap = recipe.mailmap
    files.append(FileDef(".mailmap", lambda rev, fmt, lint: mailmap))
    for path in infra.VENDOR_FILES:
        files.append(FileDef(path, partial(_vendor, path)))
    for module in recipe.modules:
        source = _module_source(module, recipe.style)
        files.append(FileDef(module.fid, partial(_python, source), True))
        if module.test:
            target = ImportRef(module.dotted, module.symbol, module.kind, FROM_SYMBOL)
            files.append(FileDef(module.test, partial(_python, partial(_test, target)), True))
    layout = Layout(
        init_files, "README.md", "docs/conf.py", "requirements.txt", ".mailmap", infra.VENDOR_FILES
    )
    return layout, files


def _vendor(path: str, rev: int, formatted: bool, lint: int) -> str:
    return infra.vendor_file(path, rev)


def _test(target: ImportRef, rev: int, lint: int) -> str:
    return render_test(target, rev)


def _padding(recipe: Recipe, pool: list[Module], rng: random.Random, count: int) -> list[Step]:
    steps: list[Step] = []
    for _ in range(max(count, 0)):
        module = rng.choice(pool)
        team = recipe.cast.teams[module.service or ""]
        message = messages.feature(rng, [module.basename], recipe.cast.ticket)
        steps.append(
            Step(1.0, FEATURE, team.pick(rng), message, [Op(EDIT, module.fid)], team=module.service)
        )
    return steps


def _apply_rename(modules: list[Module], plant: Plant) -> None:
    if plant.renamed is None:
        return
    fid, new_path = plant.renamed
    for module in modules:
        if module.fid == fid:
            module.path = new_path
            module.dotted = new_path.removesuffix(".py").replace("/", ".")
