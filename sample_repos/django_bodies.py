"""Per-file-kind bodies of the django scenario's modules (models.py, views.py, ...)."""

from __future__ import annotations

import re

from sample_repos import django_apps as spec
from sample_repos.django_code import (
    TRANSLATE,
    Body,
    Ctx,
    article,
    expr,
    function,
    import_line,
    model_expr,
    on_delete,
    plural,
)
from sample_repos.django_layout import snake


def _models(ctx: Ctx) -> Body:
    """models.py: one model per name, relations as the app table says."""
    app = ctx.app
    assert app is not None
    third = ["from django.db import models", TRANSLATE]
    fields: dict[str, list[str]] = {model: [] for model in app.models}
    for item in app.fields:
        source, arrow, target = re.split(r"([>=*])", item)
        model, name = source.split(".")
        fields[model].extend(_field(ctx, model, name, arrow, target))
        if target == "AUTH":
            third.append("from django.conf import settings")
    base_ref = next((r for r in ctx.refs if r.module == f"{spec.KERNEL_APP}.models"), None)
    base = expr(base_ref, "TimeStampedModel") if base_ref else "models.Model"
    body: list[str] = []
    for model in app.models:
        user = model == "User"
        if user:
            third.append("from django.contrib.auth.models import AbstractUser")
        name_field = 'phone = models.CharField(_("phone"), max_length=32, blank=True)'
        if not user:
            name_field = 'name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)'
        words = snake(model).replace("_", " ")
        body += ["", "", f"class {model}({'AbstractUser' if user else base}):",
                 f'    """{article(words).capitalize()} {words} of the {app.name} app."""', "",
                 f"    {name_field}", *(f"    {line}" for line in fields[model]), "",
                 "    class Meta:", f'        verbose_name = _("{words}")',
                 '        ordering = ["-id"]', "", "    def __str__(self) -> str:",
                 f"        return str(self.{'username' if user else 'name'})"]
    return third, list(app.models), body


def _field(ctx: Ctx, model: str, name: str, arrow: str, target: str) -> list[str]:
    """Lines of one relation field, wrapped the way the formatter wraps long calls."""
    if target.startswith("@"):
        ref = next(r for r in ctx.refs if r.module == f"{target[1:]}.models")
        to = expr(ref, ref.symbol)
    else:
        to = "settings.AUTH_USER_MODEL" if target == "AUTH" else f'"{target}"'
    args = [to]
    if arrow != "*":
        args += f"on_delete={on_delete(target)}".split(", ")
    args.append(f'related_name="{plural(snake(model))}"')
    kind = {"*": "ManyToManyField", "=": "OneToOneField", ">": "ForeignKey"}[arrow]
    line = f"{name} = models.{kind}({', '.join(args)})"
    if len(line) <= 95:
        return [line]
    return [f"{name} = models.{kind}(", *(f"    {arg}," for arg in args), ")"]


def _admin(ctx: Ctx) -> Body:
    """admin.py: a ModelAdmin per model."""
    assert ctx.app is not None
    ref = ctx.ref("models")
    body: list[str] = []
    for model in ctx.app.models:
        shown = '"id", "username"' if model == "User" else '"id", "name"'
        target = expr(ref, model) if ref else model
        body += ["", "", f"@admin.register({target})", f"class {model}Admin(admin.ModelAdmin):",
                 f"    list_display = ({shown})", "    list_per_page = LIST_PER_PAGE"]
    return ["from django.contrib import admin"], [f"{m}Admin" for m in ctx.app.models], body


def _forms(ctx: Ctx) -> Body:
    """forms.py: a ModelForm of the first model."""
    assert ctx.app is not None
    first = ctx.app.models[0]
    shown = '"username", "email"' if first == "User" else '"name"'
    checks = [f"        {line}" for line in ctx.uses("value", "models")]
    body = ["", "", f"class {first}Form(forms.ModelForm):", f'    """Create and edit {first}."""',
            "", '    note = forms.CharField(label=_("note"), max_length=NOTE_MAX_LENGTH, '
            "required=False)", "", "    class Meta:", f"        model = {model_expr(ctx)}",
            f"        fields = [{shown}]", "", "    def clean_note(self) -> str:",
            '        value = self.cleaned_data["note"]', *checks, "        return value.strip()"]
    return ["from django import forms", TRANSLATE], [f"{first}Form"], body


def _views(ctx: Ctx) -> Body:
    """views.py: list and detail views of the first model."""
    assert ctx.app is not None
    first, app = ctx.app.models[0], ctx.app.name
    mixins = [r for r in ctx.refs if ctx.layers[r.module] == "kernel" and r.kind == "class"]
    bases = ", ".join([expr(r, r.symbol) for r in mixins] + ["ListView"])
    form = ctx.ref("forms")
    related = ctx.uses('self.request.GET.get("q")', "models", "forms", *(r.module for r in mixins))
    body = ["", "", f"class {first}ListView({bases}):", f"    model = {model_expr(ctx)}",
            "    paginate_by = PAGE_SIZE", f'    template_name = "{app}/{snake(first)}_list.html"',
            "", "    def get_context_data(self, **kwargs: object) -> dict[str, object]:",
            "        context = super().get_context_data(**kwargs)"]
    if form:
        body.append(f'        context["form"] = {expr(form, form.symbol)}()')
    body += ['        context["related"] = [', *(f"            {u}," for u in related),
             "        ]", "        return context", "", "",
             f"class {first}DetailView(DetailView):", f"    model = {model_expr(ctx)}",
             f'    template_name = "{app}/{snake(first)}_detail.html"']
    names = [f"{first}ListView", f"{first}DetailView"]
    return ["from django.views.generic import DetailView, ListView"], names, body


def _urls(ctx: Ctx) -> Body:
    """urls.py: the app's routes."""
    assert ctx.app is not None
    first, ref = ctx.app.models[0], ctx.ref("views")
    view = (lambda name: expr(ref, name)) if ref else (lambda name: name)
    lower = snake(first).replace("_", "-")
    body = ["", f'app_name = "{ctx.app.name}"', "", "urlpatterns = [",
            f'    path("", cache_page(CACHE_SECONDS)({view(first + "ListView")}.as_view()), '
            f'name="{lower}-list"),',
            f'    path("<int:pk>/", {view(first + "DetailView")}.as_view(), '
            f'name="{lower}-detail"),',
            "]"]
    third = ["from django.urls import path", "from django.views.decorators.cache import cache_page"]
    return third, ["app_name", "urlpatterns"], body


def _signals(ctx: Ctx) -> Body:
    """signals.py: post_save receivers, some connected by a label.Model string."""
    assert ctx.app is not None
    first = ctx.app.models[0]
    strings = spec.SIGNAL_SENDERS.get(ctx.module.dotted, ())
    senders = [model_expr(ctx), *(f'"{sender}"' for sender in strings)]
    calls = ctx.uses("instance.pk", "models")
    body, names = [], []
    for sender in senders:
        label, shown = snake(first), sender.strip('"')
        if '"' in sender:
            other_label, model = shown.split(".")
            label = f"{other_label}_{snake(model)}"
        name = f"on_{label}_saved"
        names.append(name)
        body += ["", "", f"@receiver(post_save, sender={sender})", f"def {name}(",
                 "    sender: object, instance: object, created: bool, **kwargs: object",
                 ") -> None:", f'    """React to a saved {shown}."""',
                 "    if not created:", "        return", *(f"    {c}" for c in calls)]
        calls = ['logger.info("saved %s", instance.pk)']
    third = ["import logging", "from django.db.models.signals import post_save",
             "from django.dispatch import receiver"]
    return third, names, ["", "logger = logging.getLogger(__name__)", *body]


def _services(ctx: Ctx) -> Body:
    """services.py: write-side functions."""
    assert ctx.app is not None
    first, model = snake(ctx.app.models[0]), model_expr(ctx)
    calls = ctx.uses("instance.pk", "models")
    words = first.replace("_", " ")
    create = function(f"create_{first}", f"Create {article(words)} {words} and its follow-ups.",
                      [f"instance = {model}.objects.create(**options)", *calls], "instance")
    body = ["", "", "@transaction.atomic", *create[2:]]
    body += function(f"delete_{first}", f"Delete one {words}.",
                     [f"{model}.objects.filter(pk=ref).delete()"])
    return ["from django.db import transaction"], [f"create_{first}", f"delete_{first}"], body


def _selectors(ctx: Ctx) -> Body:
    """selectors.py: read-side queries."""
    assert ctx.app is not None
    first, model = snake(ctx.app.models[0]), model_expr(ctx)
    body = function(f"{first}_list", f"{first.replace('_', ' ').capitalize()} items, newest "
                     "first.", [f'queryset = {model}.objects.order_by("-id")',
                                *ctx.uses("ref", "models")], "queryset[:DEFAULT_LIMIT]")
    body += function(f"get_{first}", f"One {first.replace('_', ' ')} or None.", [],
                      f"{model}.objects.filter(pk=ref).first()")
    return [], [f"{first}_list", f"get_{first}"], body


def _command(ctx: Ctx) -> Body:
    """A management command."""
    assert ctx.app is not None
    title = ctx.app.command.replace("_", " ").capitalize()
    body = ["", "", "class Command(BaseCommand):", f'    help = "{title}."', "",
            "    def add_arguments(self, parser: object) -> None:",
            '        parser.add_argument("--batch", type=int, default=DEFAULT_BATCH)', "",
            "    def handle(self, *args: object, **options: object) -> None:",
            *(f"        {u}" for u in ctx.uses('options.get("batch")')),
            '        self.stdout.write("done")']
    return ["from django.core.management.base import BaseCommand"], ["Command"], body


def _apps(ctx: Ctx) -> Body:
    """apps.py: the AppConfig (signals imported in ready())."""
    app = ctx.app
    name, label = (app.name, app.label) if app else (spec.KERNEL_APP, spec.KERNEL_APP)
    config = app.config_class if app else "CoreConfig"
    body = ["", "", f"class {config}(AppConfig):",
            '    default_auto_field = "django.db.models.BigAutoField"', f'    name = "{name}"']
    if label != name:
        body.append(f'    label = "{label}"')
    body.append(f'    verbose_name = _("{name.capitalize()}")')
    for ref in ctx.refs:
        body += ["", "    def ready(self) -> None:", f"        {import_line(ref)}  # noqa: F401"]
    return ["from django.apps import AppConfig", TRANSLATE], [config], body


def extra(ctx: Ctx) -> Body:
    """Any other module: one class or function using what it imports."""
    module = ctx.module
    if module.kind == "func":
        body = function(module.symbol, module.doc, ["results: list[object] = [",
                         *(f"    {u}," for u in ctx.uses("ref")), "]", "results.append(LIMIT)"],
                         "results")
        return [], [module.symbol], body
    middleware = module.symbol.endswith("Middleware")
    arg = "get_response" if middleware else "ref"
    body = ["", "", f"class {module.symbol}:", f'    """{module.doc}"""', "",
            f"    def __init__(self, {arg}: object = None) -> None:", f"        self.{arg} = {arg}"]
    if middleware:
        body += ["", "    def __call__(self, request: object) -> object:",
                 *(f"        {u}" for u in ctx.uses("request")),
                 "        return self.get_response(request)"]
    else:
        body += ["", "    def run(self) -> list[object]:", "        return [",
                 *(f"            {u}," for u in ctx.uses("self.ref")), "            LIMIT,",
                 "        ]"]
    return [], [module.symbol], body


def _kernel(ctx: Ctx) -> Body:
    """A module of the shared kernel app."""
    base = ctx.module.dotted.split(".")[1]
    if base == "models":
        body = ["", "", "class TimeStampedModel(models.Model):",
                '    """Adds created and updated timestamps."""', "",
                "    created_at = models.DateTimeField(auto_now_add=True)",
                "    updated_at = models.DateTimeField(auto_now=True)", "",
                "    class Meta:", "        abstract = True"]
        return ["from django.db import models"], ["TimeStampedModel"], body
    if base == "permissions":
        body = ["", "", "class StaffRequiredMixin(UserPassesTestMixin):",
                '    """Only staff members may open the view."""', "",
                "    def test_func(self) -> bool:",
                "        return bool(self.request.user.is_staff) and LIMIT > 0"]
        return ["from django.contrib.auth.mixins import UserPassesTestMixin"], [
            "StaffRequiredMixin"], body
    third, names, body = extra(ctx)
    if base == "utils":
        third.append("from django.utils.text import slugify")
        body = function("unique_slug", ctx.module.doc, [], "slugify(str(ref))[:LIMIT]")
    return third, names, body


BODIES = {
    "models": _models, "admin": _admin, "forms": _forms, "views": _views, "urls": _urls,
    "signals": _signals, "services": _services, "selectors": _selectors, "command": _command,
    "apps": _apps, "extra": extra, "kernel": _kernel,
}
