"""Source of the django project's wiring: manage.py, settings, root urls, wsgi and migrations."""

from __future__ import annotations

import re

from sample_repos import django_apps as spec
from sample_repos.django_apps import App
from sample_repos.django_code import on_delete

DJANGO_VERSION = "4.2.11"
CONTRIB = (
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
)
MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
)


def manage_py() -> str:
    return (
        "#!/usr/bin/env python\n"
        '"""Command-line utility for administrative tasks."""\n\n'
        "import os\nimport sys\n\n\n"
        "def main() -> None:\n"
        '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n'
        "    from django.core.management import execute_from_command_line\n\n"
        "    execute_from_command_line(sys.argv)\n\n\n"
        'if __name__ == "__main__":\n    main()\n'
    )


def _strings(name: str, items: list[str]) -> list[str]:
    return [f"{name} = [", *(f'    "{item}",' for item in items), "]", ""]


def settings_py(rev: int) -> str:
    """Settings once the first ``rev - 1`` apps are installed."""
    installed = [
        f"{app.name}.apps.{app.config_class}" if app.dotted_config else app.name
        for app in spec.APPS[: rev - 1]
    ]
    names = {app.name for app in spec.APPS[: rev - 1]}
    middleware = [*MIDDLEWARE, spec.MIDDLEWARE_CLASSES[0]]
    middleware += [m for m in spec.MIDDLEWARE_CLASSES[1:] if m.split(".")[0] in names]
    lines = [
        '"""Settings of the tradehub project."""', "", "from pathlib import Path", "",
        "import environ", "", "env = environ.Env()",
        "BASE_DIR = Path(__file__).resolve().parent.parent", "",
        'SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key")',
        'DEBUG = env.bool("DEBUG", default=False)',
        'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost"])', "",
        *_strings("INSTALLED_APPS", [*CONTRIB, "django_celery_beat", spec.KERNEL_APP, *installed]),
        *_strings("MIDDLEWARE", middleware),
        'ROOT_URLCONF = "config.urls"', 'WSGI_APPLICATION = "config.wsgi.application"', "",
        "TEMPLATES = [", "    {",
        '        "BACKEND": "django.template.backends.django.DjangoTemplates",',
        '        "DIRS": [BASE_DIR / "templates"],', '        "APP_DIRS": True,',
        '        "OPTIONS": {', '            "context_processors": [',
        '                "django.template.context_processors.request",',
        '                "django.contrib.auth.context_processors.auth",',
        f'                "{spec.CONTEXT_PROCESSOR}",', "            ],", "        },", "    },",
        "]", "", 'DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}',
        'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"',
    ]
    if "accounts" in names:
        lines += [f'AUTH_USER_MODEL = "{spec.AUTH_USER_MODEL}"',
                  *_strings("AUTHENTICATION_BACKENDS",
                            [spec.AUTH_BACKEND, "django.contrib.auth.backends.ModelBackend"])]
    if "payments" in names:
        lines.append(f'PAYMENT_GATEWAY = "{spec.PAYMENT_GATEWAY}"')
    lines += [
        "", 'LANGUAGE_CODE = "en"', 'LANGUAGES = [("en", "English"), ("de", "Deutsch"), '
        '("fr", "Francais")]', 'LOCALE_PATHS = [BASE_DIR / "locale"]', 'TIME_ZONE = "UTC"',
        "USE_I18N = True", "USE_TZ = True", "", 'STATIC_URL = "static/"',
        'STATICFILES_DIRS = [BASE_DIR / "static"]',
        'CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://localhost:6379/0")',
    ]
    return "\n".join(lines) + "\n"


def urls_py(rev: int) -> str:
    """Root URLconf once the first ``rev - 1`` apps are installed."""
    routes = ['    path("admin/", admin.site.urls),', '    path("health/", healthcheck),']
    for index, app in enumerate(spec.APPS[: rev - 1]):
        if index % 3 == 2:
            target = f'include(("{app.name}.urls", "{app.name}"), namespace="{app.name}")'
        else:
            target = f'include("{app.name}.urls")'
        routes.append(f'    path("{app.name}/", {target}),')
    lines = ['"""Root URL configuration."""', "", "from django.contrib import admin",
             "from django.urls import include, path", "", "from core.views import healthcheck",
             "", "urlpatterns = [", *routes, "]"]
    return "\n".join(lines) + "\n"


def wsgi_py(kind: str) -> str:
    upper = kind.upper()
    return (
        f'"""{upper} entry point."""\n\nimport os\n\n'
        f"from django.core.{kind} import get_{kind}_application\n\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n\n'
        f"application = get_{kind}_application()\n"
    )


def _header(dependencies: list[str], initial: bool) -> list[str]:
    lines = [f"# Generated by Django {DJANGO_VERSION}", ""]
    if any("settings." in dep for dep in dependencies):
        lines.append("from django.conf import settings")
    if initial:
        lines.append("import django.db.models.deletion")
    lines += ["from django.db import migrations, models", "", "",
              "class Migration(migrations.Migration):", ""]
    if initial:
        lines += ["    initial = True", ""]
    return [*lines, "    dependencies = [", *(f"        {dep}," for dep in dependencies), "    ]",
            "", "    operations = ["]


def initial_migration(app: App) -> str:
    """0001_initial of ``app``: one CreateModel per model, FK targets first."""
    by_label = {other.label: other for other in spec.APPS}
    apps = {other.name: other for other in spec.APPS}
    fields: dict[str, list[tuple[str, str, str, str]]] = {model: [] for model in app.models}
    deps: list[str] = []
    for item in app.fields:
        source, arrow, target = re.split(r"([>=*])", item)
        model, name = source.split(".")
        if target == "AUTH":
            to = "settings.AUTH_USER_MODEL"
            deps.append("migrations.swappable_dependency(settings.AUTH_USER_MODEL)")
        elif target.startswith("@"):
            other = apps[target[1:]]
            to = f'"{other.label}.{other.models[0].lower()}"'
            deps.append(f'("{other.label}", "0001_initial")')
        elif "." in target:
            label, other_model = target.split(".")
            to = f'"{label}.{other_model.lower()}"'
            deps.append(f'("{by_label[label].label}", "0001_initial")')
        else:
            to = f'"{app.label}.{target.lower()}"'
        fields[model].append((name, arrow, to, target))
    if "User" in app.models:
        deps.append('("auth", "0012_alter_user_first_name_max_length")')
    lines = _header(sorted(set(deps)), True)
    for model in _ordered(app):
        lines += ["        migrations.CreateModel(", f'            name="{model}",',
                  "            fields=[",
                  '                ("id", models.BigAutoField(auto_created=True, '
                  'primary_key=True, serialize=False, verbose_name="ID")),']
        if model == "User":
            lines.append('                ("phone", models.CharField(blank=True, max_length=32)),')
        else:
            lines.append('                ("name", models.CharField(max_length=100)),')
        for name, arrow, to, target in fields[model]:
            lines.append(f'                ("{name}", {_field(arrow, to, target)}),')
        lines += ["            ],", "        ),"]
    return "\n".join([*lines, "    ]"]) + "\n"


def _field(arrow: str, to: str, target: str) -> str:
    if arrow == "*":
        return f"models.ManyToManyField(blank=True, to={to})"
    kind = "OneToOneField" if arrow == "=" else "ForeignKey"
    delete = on_delete(target).replace("models.", "django.db.models.deletion.")
    return f"models.{kind}(on_delete={delete}, to={to})"


def _ordered(app: App) -> list[str]:
    """Models so that every model comes after the models of its app it points at."""
    needs = {model: set() for model in app.models}
    for item in app.fields:
        source, _, target = re.split(r"([>=*])", item)
        if target in needs and target != source.split(".")[0]:
            needs[source.split(".")[0]].add(target)
    done: list[str] = []
    while len(done) < len(needs):
        for model in app.models:
            if model not in done and needs[model] <= set(done):
                done.append(model)
    return done


def field_migration(app: App, previous: str, model: str, field: str) -> str:
    """A later migration adding one optional field."""
    lines = _header([f'("{app.label}", "{previous}")'], False)
    lines += ["        migrations.AddField(", f'            model_name="{model.lower()}",',
              f'            name="{field}",',
              '            field=models.CharField(blank=True, default="", max_length=64),',
              "        ),", "    ]"]
    return "\n".join(lines) + "\n"
