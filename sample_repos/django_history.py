"""Plan the django scenario's history: apps arrive one by one, teams work app by app.

Ordinary work is shaped like a Django team's commits (a schema change touches models, a new
migration, admin, forms and tests together); the shared planner steps add kernel edits,
hotspots, hidden couplings, tangled commits, the formatter, bots and docs; this module adds
translation catalogs, static files and dependency upgrades.
"""

from __future__ import annotations

from sample_repos import django_apps as spec
from sample_repos import django_assets as assets
from sample_repos import infra, messages, plan_noise, plan_planted, plan_work
from sample_repos.django_apps import App
from sample_repos.django_layout import Project, path_of
from sample_repos.model import CREATE, DEPENDABOT, EDIT, FEATURE, MIGRATION, Module, Op, Step
from sample_repos.people import DEPENDABOT as DEPENDABOT_BOT
from sample_repos.plan_base import PlanContext
from sample_repos.planner import normal_pool

Wiring = list[tuple[Step, str, str]]  # the step that adds an import: (step, source fid, target)
FIELDS = ("reference", "priority", "external_id", "display_name", "note", "position", "channel")
UNITS = {"views": (1, 3), "services": (1, 3), "extra": (1, 3), "selectors": (0, 2),
         "forms": (0, 2), "admin": (0, 1), "signals": (0, 2), "command": (0, 2), "urls": (0, 1),
         "models": (0, 1)}
SCHEMA = ("Add {f} to {m}", "Store {f} on {m}", "Make {m} {f} editable", "Track {f} for {m}")
UI = ("Show {m} details on the {a} pages", "Add filters to the {m} list", "Fix pagination on "
      "the {m} list", "Polish {a} templates", "Validate the {m} form")
LOGIC = ("Speed up {m} queries", "Handle missing {m} in {a} services", "Send a signal when "
         "{m} changes", "Retry failed {a} jobs", "Move {m} lookups into selectors")
TICKET = "TH"


class DjangoContext(PlanContext):
    """Names "orders services" in commit messages: every app has a services module."""

    def basename(self, fid: str) -> str:
        parts = self.by_fid[fid].dotted.split(".")
        return parts[0] if len(parts) == 1 else f"{parts[0]}_{parts[-1]}"


def plan_history(ctx: PlanContext, project: Project, root_files: list[str]) -> Wiring:
    """Plan every step into ``ctx.steps``; return the steps that add late imports."""
    pool = normal_pool(ctx.modules, ctx.plant)
    initial(ctx, root_files)
    wiring = creations(ctx, project)
    wiring += late_imports(ctx, project, {(fid, target) for _, fid, target in wiring})
    for app in spec.APPS:
        schema_changes(ctx, project, app)
        app_work(ctx, app)
    service_work(ctx)
    misplaced_work(ctx)
    cross_work(ctx)
    plan_work.kernel_edits(ctx)
    plan_planted.hot_and_churny(ctx)
    plan_planted.hidden_pairs(ctx)
    plan_planted.tangled(ctx, [m.fid for m in pool])
    plan_noise.format_sweep(ctx)
    plan_noise.bots(ctx)
    dependencies(ctx)
    translations(ctx)
    static_files(ctx)
    plan_noise.docs(ctx)
    units = {m.fid: ctx.rng.randint(*UNITS.get(m.layer, (0, 1))) for m in pool}
    units = {fid: count for fid, count in units.items() if count}
    plan_work.feature_edits(ctx, units, dict.fromkeys(units, 1.0), None)
    return wiring


def _fid(dotted: str) -> str:
    """File of a module (an app's own name means its package)."""
    return path_of(dotted, "." not in dotted)


def _test(ctx: PlanContext, dotted: str) -> str:
    """The test file of a module that has one."""
    test = ctx.by_fid[_fid(dotted)].test
    assert test is not None
    return test


def _maybe(ctx: PlanContext, share: float, *fids: str) -> list[Op]:
    return [Op(EDIT, fid) for fid in fids if ctx.rng.random() < share]


def _message(ctx: PlanContext, templates: tuple[str, ...], **words: str) -> str:
    text = ctx.rng.choice(templates).format(**words)
    return messages.with_ticket(ctx.rng, text, TICKET)


def initial(ctx: PlanContext, root_files: list[str]) -> None:
    """The startproject commit: root files, settings, the kernel app."""
    ops = [Op(CREATE, fid) for fid in root_files]
    for module in ctx.modules:
        if module.created == 0.0:
            ops.append(Op(CREATE, module.fid))
            if module.test:
                ops.append(Op(CREATE, module.test))
    message = "Start the tradehub project (django-admin startproject)"
    ctx.add(0.0, "init", message, ops, None, ctx.cast.platform)


def creations(ctx: PlanContext, project: Project) -> Wiring:
    """One commit per app (startapp, settings and root urls); misplaced modules come later."""
    settings, urls = path_of("config.settings"), path_of("config.urls")
    for app in spec.APPS:
        ops = [Op(CREATE, fid) for fid in app_files(project, app)]
        ops += [Op(EDIT, settings), Op(EDIT, urls)]
        message = messages.with_ticket(ctx.rng, f"Add the {app.name} app", TICKET)
        ctx.add(app.start, "create", message, ops, app.service)
    wiring: Wiring = []
    for app_name, base, _, _, service, _, host, _ in spec.MISPLACED:
        module = ctx.by_fid[_fid(f"{app_name}.{base}")]
        ops = [Op(CREATE, module.fid), Op(EDIT, _fid(host))]
        text = f"Add {base.replace('_', ' ')} to {app_name}"
        ctx.add(module.created, FEATURE, messages.with_ticket(ctx.rng, text, TICKET), ops, service)
        wiring.append((ctx.steps[-1], _fid(host), module.dotted))
    return wiring


def app_files(project: Project, app: App) -> list[str]:
    """Files written by the app's first commit."""
    fids: list[str] = []
    for module in project.modules:
        if module.dotted.split(".")[0] == app.name and module.created == app.start:
            fids.append(module.fid)
            if module.test:
                fids.append(module.test)
    fids.append(f"{spec.SOURCE_ROOT}/{app.name}/tests/__init__.py")
    return fids + list(assets.template_paths(app))


def late_imports(ctx: PlanContext, project: Project, done: set[tuple[str, str]]) -> Wiring:
    """An import of a module created after its importer arrives in a later commit."""
    wiring: Wiring = []
    for fid, target in project.late:
        if (fid, target) in done:
            continue
        source, other = ctx.by_fid[fid], ctx.by_fid[_fid(target)]
        ops = [Op(EDIT, fid), *_maybe(ctx, 0.5, other.fid)]
        text = f"Use {target} in {source.dotted}"
        key = ctx.after(other.created)
        ctx.add(key, FEATURE, messages.with_ticket(ctx.rng, text, TICKET), ops, source.service)
        wiring.append((ctx.steps[-1], fid, target))
    return wiring


def schema_changes(ctx: PlanContext, project: Project, app: App) -> None:
    """Model changes with their migration, admin, forms and tests in one commit."""
    previous = "0001_initial"
    count = ctx.rng.randint(2, 4)
    keys = sorted(ctx.after(app.start + 0.01) for _ in range(count))
    for number, key in enumerate(keys, start=2):
        model = ctx.rng.choice(app.models)
        field = ctx.rng.choice(FIELDS)
        name = f"{number:04d}_{model.lower()}_{field}"
        dotted = f"{app.name}.migrations.{name}"
        migration = Module(dotted, path_of(dotted), "migration", None, "", "migration", "", key,
                           MIGRATION)
        project.modules.append(migration)
        project.migrations[migration.fid] = {
            "app": app.name, "previous": previous, "model": model, "field": field}
        previous = name
        ops = [Op(EDIT, _fid(f"{app.name}.models")), Op(CREATE, migration.fid)]
        ops += _maybe(ctx, 0.5, _fid(f"{app.name}.admin"))
        ops += _maybe(ctx, 0.4, _fid(f"{app.name}.forms"))
        ops += _maybe(ctx, 0.8, _test(ctx, f"{app.name}.models"))
        text = _message(ctx, SCHEMA, f=field.replace("_", " "), m=model)
        ctx.add(key, FEATURE, text, ops, app.service)


def app_work(ctx: PlanContext, app: App) -> None:
    """Feature commits inside one app: the UI side and the services side."""
    name, model = app.name, app.models[0]
    listing, detail = assets.template_paths(app)
    for _ in range(ctx.rng.randint(3, 6)):
        ops = [Op(EDIT, _fid(f"{name}.views"))]
        ops += _maybe(ctx, 0.7, listing) + _maybe(ctx, 0.3, detail)
        ops += _maybe(ctx, 0.5, _fid(f"{name}.forms"))
        ops += _maybe(ctx, 0.25, _fid(f"{name}.urls"))
        ops += _maybe(ctx, 0.6, _test(ctx, f"{name}.views"))
        text = _message(ctx, UI, m=model, a=name)
        ctx.add(ctx.after(app.start), FEATURE, text, ops, app.service)
    command = f"{name}.management.commands.{app.command}"
    for _ in range(ctx.rng.randint(3, 6)):
        ops = [Op(EDIT, _fid(f"{name}.services"))]
        ops += _maybe(ctx, 0.6, _fid(f"{name}.selectors"))
        ops += _maybe(ctx, 0.25, _fid(f"{name}.signals"))
        ops += _maybe(ctx, 0.25, _fid(command))
        ops += _maybe(ctx, 0.6, _test(ctx, f"{name}.services"))
        text = _message(ctx, LOGIC, m=model, a=name)
        ctx.add(ctx.after(app.start), FEATURE, text, ops, app.service)


def service_work(ctx: PlanContext) -> None:
    """Features spanning two apps of one service."""
    for service in spec.SERVICES:
        apps = [app for app in spec.APPS if app.service == service]
        for _ in range(ctx.rng.randint(8, 12)):
            first, second = ctx.rng.sample(apps, 2)
            layer = ctx.rng.choice(("services", "selectors"))
            ops = [Op(EDIT, _fid(f"{first.name}.services")),
                   Op(EDIT, _fid(f"{second.name}.{layer}"))]
            ops += _maybe(ctx, 0.5, _test(ctx, f"{first.name}.services"))
            text = f"Share {second.models[0]} lookups with {first.name}"
            key = ctx.after(max(first.start, second.start))
            ctx.add(key, FEATURE, messages.with_ticket(ctx.rng, text, TICKET), ops, service)


def misplaced_work(ctx: PlanContext) -> None:
    """A misplaced module changes with its true service, by that service's team."""
    for app_name, base, _, _, service, _, _, targets in spec.MISPLACED:
        module = ctx.by_fid[_fid(f"{app_name}.{base}")]
        others = [m.dotted for m in ctx.modules if m.service == service and m.layer == "services"]
        for _ in range(ctx.rng.randint(10, 13)):
            picked = ctx.rng.sample(targets, ctx.rng.randint(1, len(targets)))
            if ctx.rng.random() < 0.3:
                picked.append(ctx.rng.choice(others))
            fids = [module.fid] + [_fid(dotted) for dotted in dict.fromkeys(picked)]
            names = [ctx.basename(module.fid), ctx.basename(_fid(picked[0]))]
            text = messages.feature(ctx.rng, names, TICKET)
            ctx.add(ctx.after(ctx.created(fids)), FEATURE, text, ctx.edit_ops(fids), service)


def cross_work(ctx: PlanContext) -> None:
    """A few changes rippling across a cross-service import."""
    service = {m.dotted: m.service for m in ctx.modules}
    edges = [(m, ref.module) for m in ctx.modules for ref in m.imports
             if m.service and service.get(ref.module) not in (None, m.service)]
    for module, target in ctx.rng.sample(edges, min(8, len(edges))):
        other = ctx.by_fid[_fid(target)]
        text = f"Update {module.dotted} for the new {target} API"
        key = ctx.after(max(module.created, other.created) + 0.05)
        ops = [Op(EDIT, module.fid), Op(EDIT, other.fid)]
        ctx.add(key, FEATURE, messages.with_ticket(ctx.rng, text, TICKET), ops, module.service)


def dependencies(ctx: PlanContext) -> None:
    """Dependabot bumps pins in requirements.txt; now and then a person upgrades one."""
    keys = sorted(ctx.after(0.08) for _ in range(8))
    for number, key in enumerate(keys, start=1):
        ops = [Op(EDIT, "requirements.txt")]
        if number % 3:
            message = infra.bump_message(number, spec.REQUIREMENTS)
            ctx.add(key, DEPENDABOT, message, ops, None, DEPENDABOT_BOT)
            continue
        after = infra.requirement_versions(number, spec.REQUIREMENTS)
        before = infra.requirement_versions(number - 1, spec.REQUIREMENTS)
        name = next(name for name in after if after[name] != before[name])
        version = ".".join(str(part) for part in after[name])
        ctx.add(key, "deps", f"Upgrade {name} to {version}", ops, None, ctx.cast.platform)


def translations(ctx: PlanContext) -> None:
    """makemessages over every app, and translators updating one language."""
    made: dict[str, float] = {}  # catalog -> key of the commit that created it
    for key in (0.09, 0.22, 0.36, 0.5, 0.64, 0.78, 0.92):
        ops = []
        for app in [None, *(a for a in spec.APPS if a.start < key - 0.005)]:
            for lang in assets.LANGUAGES:
                fid = assets.po_path(app.name if app else None, lang)
                ops.append(Op(EDIT if fid in made else CREATE, fid))
                made.setdefault(fid, key)
        message = "Update translation catalogs (makemessages)"
        ctx.add(key, "translations", message, ops, None, ctx.cast.platform)
    for key in (0.3, 0.56, 0.85):
        lang = ctx.rng.choice(assets.LANGUAGES)
        fids = sorted(fid for fid, at in made.items() if f"/locale/{lang}/" in fid and at < key)
        picked = ctx.rng.sample(fids, min(len(fids), ctx.rng.randint(3, 6)))
        name = {"de": "German", "fr": "French"}[lang]
        ops = [Op(EDIT, fid) for fid in sorted(picked)]
        ctx.add(key + 0.004, "translations", f"Update {name} translations", ops, None, spec.LENA)


def static_files(ctx: PlanContext) -> None:
    """Web fonts arrive and are updated at once; the front-end bundle is rebuilt."""
    fonts = [*assets.FONTS, assets.FONT_CSS]
    ops = [Op(CREATE, fid) for fid in fonts]
    ctx.add(0.06, "static", "Add the Inter web font", ops, None, spec.NOAH)
    ops = [Op(EDIT, fid) for fid in fonts]
    ctx.add(0.52, "static", "Update Inter to 4.0", ops, None, spec.NOAH)
    for _ in range(3):
        ops = [Op(EDIT, assets.SITE_CSS), Op(EDIT, assets.SITE_JS)]
        ctx.add(ctx.after(0.1), "static", "Rebuild the front-end bundle", ops, None, spec.NOAH)
