"""String references: Django settings, urls, models, loaders, Celery, oscar, newer syntax."""

from __future__ import annotations

from textwrap import dedent

import pytest

from analyzer.code.django_refs import app_labels, app_members
from analyzer.code.references import (
    ENTRY_POINT,
    MODEL_REFERENCE,
    STRING_IMPORT,
    Reference,
    find_references,
    suffix_index,
)

KNOWN = frozenset(
    {
        "blog",
        "blog.models",
        "plugins",
        "shop",
        "shop.settings",
        "shop.urls",
        "shop.middleware",
        "shop.tasks",
        "shop.wsgi",
        "shop.orders",
        "shop.orders.apps",
        "shop.orders.models",
        "shop.orders.urls",
        "shop.orders.views",
        "shop.orders.migrations",
        "shop.orders.migrations.0002_data",
        "shop.catalogue",
        "shop.catalogue.models",
        "shop.catalogue.models.product",
        "shop.accounts",
        "shop.accounts.models",
        "shop.api",
        "shop.api.urls",
    }
)
LABELS = {
    "blog": "blog.models",
    "catalogue": "shop.catalogue.models",
    "order": "shop.orders.models",
    "accounts": "shop.accounts.models",
}


def refs(module: str, source: str, known: frozenset[str] = KNOWN) -> list[tuple[str, str, int]]:
    """(imported, kind, line) of each reference, in find_references' order."""
    found = find_references(module, dedent(source), known, LABELS)
    assert all(ref.importer == module for ref in found)
    return [(ref.imported, ref.kind, ref.line) for ref in found]


def test_settings_installed_apps_middleware_urlconf_and_user_model() -> None:
    source = """\
        INSTALLED_APPS = [
            "django.contrib.admin",
            "shop.orders.apps.OrdersConfig",
            "blog",
        ]
        MIDDLEWARE = [
            "django.middleware.common.CommonMiddleware",
            "shop.middleware.AuthMiddleware",
        ]
        ROOT_URLCONF = "shop.urls"
        WSGI_APPLICATION = "shop.wsgi.application"
        AUTH_USER_MODEL = "accounts.User"
        """
    assert refs("shop.settings", source) == [
        ("blog", STRING_IMPORT, 4),
        ("shop.accounts.models", MODEL_REFERENCE, 12),
        ("shop.middleware", STRING_IMPORT, 8),
        ("shop.orders.apps", STRING_IMPORT, 3),
        ("shop.urls", ENTRY_POINT, 10),  # the root URLconf and the WSGI application:
        ("shop.wsgi", ENTRY_POINT, 11),  # what wires every app together
    ]


def test_urls_include_dotted_bare_and_tuple() -> None:
    source = """\
        from django.urls import include, path

        urlpatterns = [
            path("orders/", include("shop.orders.urls")),
            path("blog/", include("blog")),
            path("api/", include(("shop.api.urls", "api"), namespace="api")),
            path("admin/", admin.site.urls),
        ]
        """
    assert refs("shop.urls", source) == [
        ("blog", STRING_IMPORT, 5),
        ("shop.api.urls", STRING_IMPORT, 6),
        ("shop.orders.urls", STRING_IMPORT, 4),
    ]


def test_model_fields_name_models_by_label() -> None:
    source = """\
        from django.db import models


        class Line(models.Model):
            product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE)
            owner = OneToOneField(to="accounts.User", on_delete=models.CASCADE)
            parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)
            sibling = models.ForeignKey("Line", null=True, on_delete=models.CASCADE)
            tags = models.ManyToManyField("blog.Tag", through="order.LineTag")
            lost = models.ForeignKey("nowhere.Thing", on_delete=models.CASCADE)
        """
    assert refs("shop.orders.models", source) == [
        ("blog.models", MODEL_REFERENCE, 9),
        ("shop.accounts.models", MODEL_REFERENCE, 6),
        ("shop.catalogue.models", MODEL_REFERENCE, 5),
    ]


def test_bare_model_name_in_a_models_package_names_the_package() -> None:
    source = 'category = models.ForeignKey("Category", on_delete=models.CASCADE)\n'
    assert refs("shop.catalogue.models.product", source) == [
        ("shop.catalogue.models", MODEL_REFERENCE, 1)
    ]


def test_apps_get_model_both_forms_in_a_migration() -> None:
    source = """\
        def forwards(apps, schema_editor):
            Order = apps.get_model("order", "Order")
            Product = apps.get_model("catalogue.Product")
            User = apps.get_model("accounts", model_name)
        """
    assert refs("shop.orders.migrations.0002_data", source) == [
        ("shop.accounts.models", MODEL_REFERENCE, 4),
        ("shop.catalogue.models", MODEL_REFERENCE, 3),
        ("shop.orders.models", MODEL_REFERENCE, 2),
    ]


def test_import_string_and_importlib() -> None:
    source = """\
        import importlib
        from django.utils.module_loading import import_string

        backend = import_string("shop.middleware.AuthMiddleware")
        views = importlib.import_module("shop.orders.views")
        plugin = importlib.import_module("plugins")
        relative = importlib.import_module(".views", package="shop.orders")
        """
    assert refs("shop.loader", source) == [
        ("plugins", STRING_IMPORT, 6),
        ("shop.middleware", STRING_IMPORT, 4),
        ("shop.orders", STRING_IMPORT, 7),  # package=: the relative ".views" is not resolved
        ("shop.orders.views", STRING_IMPORT, 5),
    ]


def test_celery_beat_schedule_task_paths() -> None:
    source = """\
        CELERY_BEAT_SCHEDULE = {
            "send-reminders": {
                "task": "shop.tasks.send",
                "schedule": crontab(minute=0),
            },
        }
        """
    assert refs("shop.celery", source) == [("shop.tasks", STRING_IMPORT, 3)]


OSCAR = frozenset(
    {
        "oscar.apps.basket.forms",
        "oscar.apps.basket.models",
        "oscar.apps.catalogue.forms",
        "oscar.apps.dashboard.catalogue.forms",
        "oscar.apps.offer.applicator",
        "shop.offer.applicator",  # a forked app: shallower than oscar's
        "oscar.apps.partner.strategy",
        "legacy.apps.partner.strategy",  # as deep as oscar's: ambiguous
    }
)


def test_oscar_get_class_resolves_by_suffix() -> None:
    source = """\
        from oscar.core.loading import get_class, get_classes, get_model

        BasketLineForm = get_class("basket.forms", "BasketLineForm")
        ProductForm, StockForm = get_classes("dashboard.catalogue.forms", ["ProductForm", "Stock"])
        Applicator = get_class("offer.applicator", "Applicator")
        Selector = get_class("partner.strategy", "Selector")
        Missing = get_class("wishlists.forms", "WishListForm")
        Line = get_model("basket", "Line")
        """
    found = find_references(
        "oscar.apps.basket.views", dedent(source), OSCAR, {"basket": "oscar.apps.basket.models"}
    )
    assert [(ref.imported, ref.kind, ref.line) for ref in found] == [
        ("oscar.apps.basket.forms", STRING_IMPORT, 3),
        ("oscar.apps.basket.models", MODEL_REFERENCE, 8),
        ("oscar.apps.dashboard.catalogue.forms", STRING_IMPORT, 4),
        ("shop.offer.applicator", STRING_IMPORT, 5),
    ]


def test_suffix_index_prefers_the_shallowest_unique_module() -> None:
    index = suffix_index(OSCAR)
    assert index.resolve("catalogue.forms") == "oscar.apps.catalogue.forms"
    assert index.resolve("forms") is None  # three modules of the same depth
    assert index.resolve("offer.applicator") == "shop.offer.applicator"
    assert index.resolve("partner.strategy") is None
    assert index.resolve("oscar.apps.partner.strategy") == "oscar.apps.partner.strategy"


def test_a_prebuilt_index_gives_the_same_answer() -> None:
    source = 'Form = get_class("basket.forms", "BasketLineForm")\n'
    built = find_references("x", source, OSCAR, {})
    assert built == find_references("x", source, OSCAR, {}, suffix_index(OSCAR))
    assert built == [Reference("x", "oscar.apps.basket.forms", STRING_IMPORT, 1)]


def test_app_labels_from_config_label_package_name_and_config_name() -> None:
    modules = {
        "shop.orders.models": "",
        "shop.orders.apps": dedent(
            """\
            from django.apps import AppConfig

            class OrdersConfig(AppConfig):
                name = "shop.orders"
                label = "order"
            """
        ),
        "shop.catalogue.models": "",  # no apps.py: labelled by package name
        "shop.catalogue.models.product": "",
        "shop.accounts.apps": "class AccountsConfig(AppConfig):\n    name = 'shop.accounts'\n",
        "oscar.apps.basket.models": "",
        "oscar.apps.basket.apps": dedent(
            """\
            class BasketConfig(OscarConfig):
                label = "basket"
                name = "oscar.apps.basket"
            """
        ),
        "oscar.apps": "",  # a package named apps, with no AppConfig: not an app
        "tools.apps": "def helper():\n    return 1\n",
    }
    assert app_labels(modules) == {
        "accounts": "shop.accounts",  # an app without models: the app package
        "basket": "oscar.apps.basket.models",
        "catalogue": "shop.catalogue.models",
        "order": "shop.orders.models",
    }


def test_every_module_below_a_django_app_belongs_to_the_deepest_app_holding_it() -> None:
    modules = {
        "shop": "", "shop.utils": "",  # the project package is no app: no models, no config
        "shop.orders": "", "shop.orders.models": "", "shop.orders.api": "",
        "shop.orders.api.serializers": "",
        "shop.orders.dashboard": "", "shop.orders.dashboard.views": "",
        "shop.orders.dashboard.apps": "class DashConfig(AppConfig):\n    name = 'x'\n",
        "reports.models": "",  # a namespace package (no module of its own): nothing to tie to
        "reports.views": "",
    }
    assert app_members(modules) == [
        ("shop.orders.api", "shop.orders"),
        ("shop.orders.api.serializers", "shop.orders"),
        ("shop.orders.dashboard", "shop.orders"),
        ("shop.orders.dashboard.apps", "shop.orders.dashboard"),
        ("shop.orders.dashboard.views", "shop.orders.dashboard"),
        ("shop.orders.models", "shop.orders"),
    ]


def test_app_labels_config_name_outside_the_modules_falls_back_to_the_folder() -> None:
    # manage.py in proj/: the config says "proj.billing", the module is "billing".
    modules = {"billing.apps": "class BillingConfig(AppConfig):\n    name = 'proj.billing'\n"}
    assert app_labels(modules) == {"billing": "billing"}


def test_app_labels_duplicate_label_prefers_explicit_then_shallow() -> None:
    modules = {
        "oscar.apps.catalogue.models": "",
        "oscar.apps.catalogue.apps": "class C(OscarConfig):\n    label = 'catalogue'\n",
        "shop.catalogue.models": "",
        "shop.catalogue.apps": "class C(AppConfig):\n    label = 'catalogue'\n",
        "catalogue.models": "",  # implicit label: loses to the explicit ones
    }
    assert app_labels(modules) == {"catalogue": "shop.catalogue.models"}


def test_app_labels_read_an_apps_module_ast_cannot_parse() -> None:
    source = "type Alias = int\n\nclass ShopConfig(AppConfig):\n    label = 'store'\n"
    assert app_labels({"shop.apps": source, "shop.models": ""}) == {"store": "shop.models"}


def test_pep_695_source_falls_back_to_tokens() -> None:
    source = """\
        type Handler = Callable[[Request], Response]

        def first[T](items: list[T]) -> T:
            return items[0]

        ROOT_URLCONF = "shop.urls"
        INSTALLED_APPS = ["blog", "shop.orders.apps.OrdersConfig"]
        task = {"task": "shop.tasks.send"}
        urls = include("plugins")
        product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE)
        user = models.OneToOneField(to="accounts.User", on_delete=models.CASCADE)
        order = apps.get_model("order", "Order")
        words = ["blog", "plugins"]
        """
    with pytest.raises(SyntaxError):
        compile(dedent(source), "x.py", "exec")
    assert refs("shop.hooks", source) == [
        ("blog", STRING_IMPORT, 7),
        ("plugins", STRING_IMPORT, 9),
        ("shop.accounts.models", MODEL_REFERENCE, 11),
        ("shop.catalogue.models", MODEL_REFERENCE, 10),
        ("shop.orders.apps", STRING_IMPORT, 7),
        ("shop.orders.models", MODEL_REFERENCE, 12),
        ("shop.tasks", STRING_IMPORT, 8),
        ("shop.urls", ENTRY_POINT, 6),
    ]


@pytest.mark.parametrize(
    "source",
    [
        'x = "shop.nowhere.at.all"\n',  # no known module, nor the module of an attribute
        'x = "catalogue.Product"\n',  # a model name outside a model context
        'x = "blog.html"\n',  # a top-level module's "attribute" outside a path context
        'x = "shop.orders.can_view"\n',  # permission-like, but names a known package: counts
        'x = "blog"\n',  # a bare name outside a module context
        'x = ["plugins", "blog"]\n',
        'x = "shop.orders views"\n',
        'x = f"shop.{name}.views"\n',
        'x = b"shop.urls"\n',
        'x = "django.contrib.admin"\n',
        'ForeignKey("catalogue.Product.extra")\n',
        'AUTH_USER_MODEL = "User"\n',
        "",
        "x = 1\n",
    ],
)
def test_strings_that_name_nothing_internal(source: str) -> None:
    expected = [("shop.orders", STRING_IMPORT, 1)] if "can_view" in source else []
    assert refs("shop.other", source) == expected


def test_never_a_reference_to_itself() -> None:
    source = 'ROOT_URLCONF = "shop.urls"\nurlpatterns = [include("shop.urls")]\n'
    assert refs("shop.urls", source) == []
    model = 'parent = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE)\n'
    assert refs("shop.catalogue.models", model) == []


def test_sorted_and_deduplicated() -> None:
    source = 'a = "shop.urls"\nb = "shop.tasks.send"\na = "shop.urls"\nc = "shop.urls"\n'
    found = find_references("shop.x", source, KNOWN, LABELS)
    assert found == sorted(found)
    assert [(ref.imported, ref.line) for ref in found] == [
        ("shop.tasks", 2),
        ("shop.urls", 1),
        ("shop.urls", 3),
        ("shop.urls", 4),
    ]
    assert len(find_references("shop.x", 'a = "shop.urls"; b = "shop.urls"\n', KNOWN, {})) == 1


@pytest.mark.parametrize(
    "source",
    [
        'x = ("shop.urls"\n',  # unterminated: neither ast nor tokenize reads it
        'x = "shop.urls\n',
        'x = "shop.urls"\0\n',
        "def f(:\n    'shop.urls'\n  'shop.tasks.x'\n",
        "(" * 500 + '"shop.urls"' + ")" * 500 + "\n",
    ],
)
def test_bad_input_never_raises(source: str) -> None:
    assert isinstance(find_references("shop.x", source, KNOWN, LABELS), list)


def test_unreadable_source_gives_nothing() -> None:
    assert find_references("shop.x", 'x = ("shop.urls"\n', KNOWN, LABELS) == []


def test_strings_deep_in_decorators_and_methods_are_found() -> None:
    source = """\
        import os


        class Routes:
            '''Many statements hold no reference; only those that do are walked.'''

            def plain(self):
                return os.path.join("a", "b")

            @register("shop.tasks.send")
            def tasked(self):
                return 1

            def nested(self):
                def inner():
                    return include("shop.orders.urls")
                return inner
        """
    assert refs("shop.routes", source) == [
        ("shop.orders.urls", STRING_IMPORT, 16),
        ("shop.tasks", STRING_IMPORT, 10),
    ]


def test_a_lazy_signal_sender_is_a_model_reference() -> None:
    source = ('from django.dispatch import receiver\n'
              '@receiver(post_save, sender="order.Order")\n'
              'def on_order(sender, **kw):\n    pass\n'
              'post_save.connect(handler, sender="order.Order")\n')
    known = {"shop.order.models", "shop.alerts"}
    found = find_references("shop.alerts", source, known, {"order": "shop.order.models"})
    assert [(r.imported, r.kind, r.line) for r in found] == [
        ("shop.order.models", "model-reference", 2), ("shop.order.models", "model-reference", 5)]


def test_quotes_inside_docstrings_are_prose_and_the_code_beside_them_is_read() -> None:
    import analyzer.code.references as references

    source = '''\
    def handler():
        """Loads 'shop.orders.views' by name.

        >>> type(load())
        <class 'shop.orders.views.Handler'>
        """
        return import_string("shop.orders.views.Handler")  # on line 7


    LATER = """shop.api.urls"""  # a triple-quoted literal that is one path: code
    '''
    assert refs("shop.tasks", source) == [("shop.api.urls", STRING_IMPORT, 10),
                                          ("shop.orders.views", STRING_IMPORT, 7)]
    # only the code's lines are walked: the docstring's quotes are not candidates
    assert references._candidate_lines(dedent(source), KNOWN, LABELS, None) == [7, 10]
    docstring_only = 'def f():\n    """See \'shop.orders.views\' and \'shop.urls\'."""\n'
    assert references._candidate_lines(docstring_only, KNOWN, LABELS, None) == []
    # triple quotes that do not pair up: nothing is taken for prose
    unpaired = 'X = "\'\'\'"\nY = import_string("shop.orders.views.Handler")\n'
    assert refs("shop.tasks", unpaired) == [("shop.orders.views", STRING_IMPORT, 2)]
