"""Scenario "django": a Django project laid out by app, with services of 2-3 apps each.

The shop's ``compose`` renders generic layered modules and plants a random layered import
graph, so this scenario assembles its own design from the shared parts instead: the planted
imports follow Django's file conventions (``django_layout``), files render as Django code
(``django_source``, ``django_config``, ``django_assets``) and the history is shaped like a
Django team's work (``django_history``). Roles, planner steps, branches, timestamps, the
co-change check, replay and the truth are the shared ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from sample_repos import django_apps as spec
from sample_repos import django_assets as assets
from sample_repos import infra
from sample_repos.branches import plant_branches
from sample_repos.django_apps import App
from sample_repos.django_config import (
    field_migration,
    initial_migration,
    manage_py,
    settings_py,
    urls_py,
    wsgi_py,
)
from sample_repos.django_history import DjangoContext, Wiring, plan_history
from sample_repos.django_layout import Project, layout, path_of, targets
from sample_repos.django_source import render_module
from sample_repos.model import CREATE, EDIT, Design, FileDef, Module, Plant, Step
from sample_repos.options import OptionSpec
from sample_repos.people import mailmap_text
from sample_repos.plan_base import Budget, Cast, Layout
from sample_repos.pysource import unformat
from sample_repos.roles import assign_post_graph
from sample_repos.timeline import assign_times, ordered
from sample_repos.validate import check_cochange

OPTIONS = (OptionSpec("cross_rate", float, 0.08, 0.0, 0.4),)
SPAN_DAYS = 1095
MANAGE = f"{spec.SOURCE_ROOT}/manage.py"
ROOT_FILES = [
    ".gitignore", "README.md", "requirements.txt", "pyproject.toml", "docs/conf.py", MANAGE,
    f"{spec.SOURCE_ROOT}/{spec.KERNEL_APP}/tests/__init__.py", assets.BASE_HTML,
    assets.SITE_CSS, assets.SITE_JS,
]
NOISE_KINDS = {
    "translations": "translation_commits",
    "static": "static_commits",
    "deps": "dependency_upgrades",
}
BUDGET = Budget(
    hotspot_edits=(32, 38),
    churny_edits=(0, 0),
    hidden_together=(9, 11),
    hidden_solo=(1, 2),
    rename_before=0,
    rename_after=0,
    tangled=4,
    merges=6,
    precommit=6,
    dependabot=0,  # planned by django_history with the project's own pins
    vendor_updates=0,
    kernel_edits=(2, 4),
    docs_edits=2,
    pair_prob=0.5,
    test_prob=0.5,
    format_key=0.45,
)


def design(seed: int, options: dict[str, int | float]) -> Design:
    rng = random.Random(seed)
    project = layout(rng, float(options["cross_rate"]))
    modules = project.modules
    plant = Plant(hotspots=[path_of(dotted) for dotted in spec.HOTSPOTS])
    used = set(plant.hotspots) | {path_of(dotted) for dotted in project.misplaced}
    assign_post_graph(modules, rng, plant, used, 2, 3, lambda module: module.path)
    files = Layout(tuple(ROOT_FILES), "README.md", "docs/conf.py", "requirements.txt",
                   ".mailmap", ())
    ctx = DjangoContext(modules, plant, BUDGET, Cast(spec.TEAMS, spec.MARTA, "TH"), files, rng)
    wiring = plan_history(ctx, project, ROOT_FILES)
    steps = plant_branches(ordered(ctx.steps), BUDGET.merges, rng, spec.PROJECT)
    assign_times(steps, rng, SPAN_DAYS)
    check_cochange(steps, modules, plant)
    _activate(steps, wiring, project)
    return Design(
        scenario="django",
        seed=seed,
        options=options,
        package="",
        services=list(spec.SERVICES),
        modules=modules,
        files=_files(project),
        steps=steps,
        plant=plant,
        vendored=[],
        aliases={spec.PRIYA.email: [spec.PRIYA_ALIAS.email]},
        extra_truth=_extra_truth(project),
        noise_kinds=NOISE_KINDS,
    )


def _activate(steps: list[Step], wiring: Wiring, project: Project) -> None:
    """Record the revision of each importer at which its late import appears."""
    pending: dict[int, list[tuple[str, str]]] = {}
    for step, fid, target in wiring:
        pending.setdefault(id(step), []).append((fid, target))
    revs: dict[str, int] = {}
    for step in steps:
        for op in step.ops:
            if op.verb == CREATE:
                revs[op.fid] = 1
            elif op.verb == EDIT:
                revs[op.fid] += 1
        for fid, target in pending.get(id(step), ()):
            project.activation[(fid, target)] = revs[fid]


def _extra_truth(project: Project) -> dict[str, object]:
    return {
        "source_root": spec.SOURCE_ROOT,
        "project": sorted(m.dotted for m in project.modules if m.role == "project"),
        "apps": {app.name: app.service for app in spec.APPS},
        "app_labels": {app.name: app.label for app in spec.APPS},
        "kernel_apps": [spec.KERNEL_APP],
        "misplaced": dict(sorted(project.misplaced.items())),
        "string_references": _string_refs(project.apps),
    }


def _string_refs(apps: dict[str, App]) -> list[dict[str, str]]:
    """Every place where code names another module by a string instead of an import."""
    by_label = {app.label: app.name for app in apps.values()}
    refs: list[tuple[str, str, str]] = []
    for app in apps.values():
        for target in targets(app):
            if "." in target:
                refs.append((f"{app.name}.models", f"{by_label[target.split('.')[0]]}.models",
                             "foreign_key"))
        refs.append(("config.urls", f"{app.name}.urls", "include"))
        installed = f"{app.name}.apps" if app.dotted_config else app.name
        refs.append(("config.settings", installed, "installed_app"))
    refs.append(("config.settings", spec.KERNEL_APP, "installed_app"))
    for module, kind, first, _ in spec.DYNAMIC:
        target = f"{by_label[first]}.models" if kind == "get_model" else first.rpartition(".")[0]
        refs.append((module, target, kind))
    for module, senders in spec.SIGNAL_SENDERS.items():
        for sender in senders:
            refs.append((module, f"{by_label[sender.split('.')[0]]}.models", "signal_sender"))
    settings = (*spec.MIDDLEWARE_CLASSES, spec.AUTH_BACKEND, spec.PAYMENT_GATEWAY,
                spec.CONTEXT_PROCESSOR, "config.wsgi.application")
    refs += [("config.settings", dotted.rpartition(".")[0], "setting") for dotted in settings]
    refs.append(("config.settings", "config.urls", "setting"))
    refs.append(("config.settings", f"{by_label[spec.AUTH_USER_MODEL.split('.')[0]]}.models",
                 "setting"))
    return [
        {"source": source, "target": target, "kind": kind}
        for source, target, kind in sorted(set(refs))
    ]


def _static(text: str) -> Callable[[int, bool, int], str]:
    return lambda rev, formatted, lint: text


def _by_rev(render: Callable[[int], str]) -> Callable[[int, bool, int], str]:
    return lambda rev, formatted, lint: render(rev)


def _python(source: Callable[[int, int], str], rev: int, formatted: bool, lint: int) -> str:
    text = source(rev, lint)
    return text if formatted else unformat(text)


def _files(project: Project) -> list[FileDef]:
    mailmap = mailmap_text(spec.PRIYA, (spec.PRIYA_ALIAS,))
    files = [
        FileDef(".gitignore", _static(assets.gitignore())),
        FileDef("README.md", _by_rev(assets.readme)),
        FileDef("pyproject.toml", _static(assets.pyproject())),
        FileDef("requirements.txt", _by_rev(partial(infra.requirements_txt,
                                                    table=spec.REQUIREMENTS))),
        FileDef("docs/conf.py", partial(_python, lambda rev, lint: infra.docs_conf(
            spec.PROJECT, rev)), True),
        FileDef(".mailmap", _static(mailmap)),
        FileDef(MANAGE, partial(_python, lambda rev, lint: manage_py()), True),
        FileDef(assets.BASE_HTML, _static(assets.base_html())),
        FileDef(assets.SITE_CSS, _by_rev(assets.site_css)),
        FileDef(assets.SITE_JS, _by_rev(assets.site_js)),
        FileDef(assets.FONT_CSS, _by_rev(assets.font_css)),
        *(FileDef(path, _by_rev(partial(assets.font, path))) for path in assets.FONTS),
    ]
    for app in [None, *spec.APPS]:
        for lang in assets.LANGUAGES:
            path = assets.po_path(app.name if app else None, lang)
            files.append(FileDef(path, _by_rev(partial(assets.po_file, app, lang))))
    for app in spec.APPS:
        listing, detail = assets.template_paths(app)
        files.append(FileDef(listing, _by_rev(partial(assets.template, app, "list"))))
        files.append(FileDef(detail, _by_rev(partial(assets.template, app, "detail"))))
        init = f"{spec.SOURCE_ROOT}/{app.name}/tests/__init__.py"
        files.append(FileDef(init, _static("")))
    files.append(FileDef(ROOT_FILES[6], _static("")))
    for module in project.modules:
        files.append(FileDef(module.fid, partial(_python, _source(project, module)), True))
        if module.test:
            test = partial(_test, module)
            files.append(FileDef(module.test, partial(_python, test), True))
    return files


def _source(project: Project, module: Module) -> Callable[[int, int], str]:
    if module.kind == "migration":
        info = project.migrations.get(module.fid)
        app = project.apps[module.dotted.split(".")[0]]
        if info is None:
            return lambda rev, lint: initial_migration(app)
        text = field_migration(app, str(info["previous"]), str(info["model"]), str(info["field"]))
        return lambda rev, lint: text
    if module.layer == "config":
        base = module.dotted.rpartition(".")[2]
        renders = {"settings": settings_py, "urls": urls_py}
        if base in renders:
            render = renders[base]
            return lambda rev, lint: render(rev)
        return lambda rev, lint: wsgi_py(base)
    return partial(render_module, project, module)


def _test(module: Module, rev: int, lint: int) -> str:
    """A Django TestCase for ``module``; every revision adds a case."""
    name = "".join(part.capitalize() for part in module.symbol.split("_"))
    lines = [f'"""Tests for {module.dotted}."""', "", "from django.test import TestCase", "",
             f"from {module.dotted} import {module.symbol}", "", "",
             f"class {name}Tests(TestCase):"]
    for number in range(1, rev + 1):
        lines += [f"    def test_case_{number}(self) -> None:",
                  f"        self.assertIsNotNone({module.symbol})", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
