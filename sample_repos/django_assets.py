"""Non-Python files of the django project: metadata, templates, translations, static files."""

from __future__ import annotations

import random

from sample_repos import django_apps as spec
from sample_repos.django_apps import App
from sample_repos.django_layout import snake

SRC = spec.SOURCE_ROOT
LANGUAGES = ("de", "fr")
FONTS = tuple(f"{SRC}/static/fonts/Inter-{style}.woff2" for style in ("Regular", "Bold", "Italic"))
FONT_CSS = f"{SRC}/static/css/fonts.css"
SITE_CSS = f"{SRC}/static/css/site.css"
SITE_JS = f"{SRC}/static/js/app.js"
BASE_HTML = f"{SRC}/templates/base.html"
_WORDS = {
    "de": {"name": "Name", "note": "Notiz", "product": "Produkt", "order": "Bestellung",
           "basket": "Warenkorb", "invoice": "Rechnung", "shipment": "Sendung"},
    "fr": {"name": "Nom", "note": "Note", "product": "Produit", "order": "Commande",
           "basket": "Panier", "invoice": "Facture", "shipment": "Envoi"},
}


def po_path(app: str | None, lang: str) -> str:
    folder = f"{SRC}/{app}" if app else SRC
    return f"{folder}/locale/{lang}/LC_MESSAGES/django.po"


def template_paths(app: App) -> tuple[str, str]:
    first = snake(app.models[0])
    folder = f"{SRC}/{app.name}/templates/{app.name}"
    return f"{folder}/{first}_list.html", f"{folder}/{first}_detail.html"


def readme(rev: int) -> str:
    apps = "".join(f"- `{app.name}` ({app.service})\n" for app in spec.APPS)
    notes = "".join(f"- Release notes batch {number}.\n" for number in range(1, rev))
    text = (
        f"# {spec.PROJECT}\n\n{spec.DESCRIPTION}\n\n## Development\n\n"
        "```\npip install -r requirements.txt\ncd src\npython manage.py migrate\n"
        "python manage.py runserver\n```\n\n## Apps\n\n" + apps
    )
    return text + (f"\n## Changes\n\n{notes}" if notes else "")


def pyproject() -> str:
    return (
        "[project]\n"
        f'name = "{spec.PROJECT}"\n'
        'version = "1.0.0"\n'
        f'description = "{spec.DESCRIPTION}"\n'
        'requires-python = ">=3.11"\n\n'
        "[tool.pytest.ini_options]\n"
        'DJANGO_SETTINGS_MODULE = "config.settings"\n'
        'pythonpath = ["src"]\n'
        'python_files = ["test_*.py"]\n\n'
        "[tool.ruff]\n"
        "line-length = 100\n"
        'src = ["src"]\n'
        'extend-exclude = ["*/migrations/*"]\n'
    )


def gitignore() -> str:
    return (
        "__pycache__/\n*.pyc\n.venv/\n.env\n*.sqlite3\nmedia/\nstaticfiles/\n"
        "*.mo\n.pytest_cache/\n"
    )


def po_file(app: App | None, lang: str, rev: int) -> str:
    """A gettext catalog; every update adds a few messages."""
    name = app.name if app else spec.PROJECT
    words = _WORDS[lang]
    ids = ["name", "note"] + ([snake(model).replace("_", " ") for model in app.models] if app
                              else ["home", "search", "sign in"])
    ids += [f"{name} message {number}" for number in range(1, 2 * rev)]
    lines = [
        f"# {lang} translations of {name}.", "#", 'msgid ""', 'msgstr ""',
        f'"Project-Id-Version: {spec.PROJECT} 1.{rev}\\n"', f'"Language: {lang}\\n"',
        '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"', "",
    ]
    for msgid in ids:
        lines += [f'msgid "{msgid}"', f'msgstr "{words.get(msgid, "")}"', ""]
    return "\n".join(lines)


def template(app: App, page: str, rev: int) -> str:
    title = app.models[0] if page == "detail" else app.models[0] + " list"
    blocks = "".join(
        f'  <p class="hint-{number}">{{% translate "{app.name} hint {number}" %}}</p>\n'
        for number in range(1, rev)
    )
    body = (
        "  <ul>\n  {% for item in object_list %}\n    <li>{{ item }}</li>\n  {% endfor %}\n"
        "  </ul>\n" if page == "list" else "  <p>{{ object }}</p>\n"
    )
    return (
        '{% extends "base.html" %}\n{% load i18n %}\n\n{% block content %}\n'
        f'  <h1>{{% translate "{title}" %}}</h1>\n{body}{blocks}{{% endblock %}}\n'
    )


def base_html() -> str:
    return (
        "{% load static i18n %}<!doctype html>\n<html>\n<head>\n"
        '  <link rel="stylesheet" href="{% static \'css/fonts.css\' %}">\n'
        '  <link rel="stylesheet" href="{% static \'css/site.css\' %}">\n'
        "  <title>{% block title %}tradehub{% endblock %}</title>\n</head>\n"
        '<body>\n  {% block content %}{% endblock %}\n  <script src="{% static \'js/app.js\' %}">'
        "</script>\n</body>\n</html>\n"
    )


def font(path: str, rev: int) -> str:
    """A web font: pseudo-random bytes with NULs, so git sees a binary file."""
    rng = random.Random(f"{path}:{rev}")
    body = "".join(chr(rng.randrange(256)) for _ in range(1536))
    return "wOF2\x00\x01\x00\x00" + body


def font_css(rev: int) -> str:
    faces = "".join(
        "@font-face {\n"
        '  font-family: "Inter";\n'
        f'  src: url("../fonts/{path.rpartition("/")[2]}?v={rev}") format("woff2");\n'
        "  font-display: swap;\n}\n"
        for path in FONTS
    )
    return faces


def site_css(rev: int) -> str:
    rules = "".join(f".block-{n} {{ margin: {n * 4}px 0; }}\n" for n in range(1, rev + 1))
    return f'body {{ font-family: "Inter", sans-serif; }}\n{rules}'


def site_js(rev: int) -> str:
    return (
        f"// tradehub front-end bundle, build {rev}\n"
        'document.addEventListener("DOMContentLoaded", () => {\n'
        f'  document.body.dataset.build = "{rev}";\n'
        "});\n"
    )
