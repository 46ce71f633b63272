"""Source roots found by what resolves: Django projects in a subfolder, PEP 420 packages."""

from __future__ import annotations

from analyzer import analyze
from tests.conftest import MakeRepo

DJANGO_IN_SUBFOLDER = {
    "README.md": "shop\n",
    "proj/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS', 'config.settings')\n",
    "proj/config/__init__.py": "",
    "proj/config/settings.py": "INSTALLED_APPS = ['inventory', 'orders']\n",
    "proj/inventory/__init__.py": "",
    "proj/inventory/models.py": "from django.db import models\n\nclass Item(models.Model): ...\n",
    "proj/inventory/views.py": "from inventory.models import Item\nfrom orders.models import O\n",
    "proj/orders/__init__.py": "",
    "proj/orders/models.py": "from inventory.models import Item\n",
    "proj/orders/views.py": "from orders.models import Order\nimport inventory.views\n",
    "proj/orders/migrations/__init__.py": "",
    "proj/orders/migrations/0001_initial.py": "from django.db import migrations\n",
}


def test_a_project_in_a_subfolder_is_read_from_its_own_root(make_repo: MakeRepo) -> None:
    analysis = analyze(make_repo(DJANGO_IN_SUBFOLDER), overrides={"history": False})

    assert "proj" in analysis.source_roots
    names = [m.name for m in analysis.graph.modules]
    assert "inventory.models" in names and "orders.views" in names
    assert not any(name.startswith("proj") for name in names)
    pairs = {(e.importer, e.imported) for e in analysis.graph.imports}
    assert {("inventory.views", "inventory.models"), ("inventory.views", "orders.models"),
            ("orders.models", "inventory.models"), ("orders.views", "orders.models"),
            ("orders.views", "inventory.views")} <= pairs
    assert "inventory" not in {e.package for e in analysis.graph.externals}


def test_a_project_two_folders_deep_is_read_once_from_its_own_root(
    make_repo: MakeRepo,
) -> None:
    # `apps/` holds no __init__.py, but a package lies below it: a namespace package at the
    # top, which must not read the project's files a second time, under a second name.
    repo = make_repo({f"apps/api/{path[len('proj/'):]}": text
                      for path, text in DJANGO_IN_SUBFOLDER.items() if path.startswith("proj/")})

    analysis = analyze(repo, overrides={"history": False})

    assert analysis.source_roots == ("apps/api",)
    names = [m.name for m in analysis.graph.modules]
    assert "inventory.models" in names and not any(n.startswith("apps") for n in names)
    assert len(names) == len(set(m.path for m in analysis.graph.modules))


def test_migrations_are_left_out_without_a_warning_per_file(make_repo: MakeRepo) -> None:
    analysis = analyze(make_repo(DJANGO_IN_SUBFOLDER), overrides={"history": False})

    assert not any("migrations" in m.name for m in analysis.graph.modules)
    assert not [w for w in analysis.warnings if w.code == "not-a-module-name"]


def test_a_namespace_package_without_any_init_is_found(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "plugins/alpha.py": "from plugins import beta\n",
        "plugins/beta.py": "X = 1\n",
        "plugins/sub/gamma.py": "import plugins.alpha\n",
    })
    analysis = analyze(repo, overrides={"history": False})

    assert [m.name for m in analysis.graph.modules] == [
        "plugins.alpha", "plugins.beta", "plugins.sub.gamma"]
    pairs = {(e.importer, e.imported) for e in analysis.graph.imports}
    assert ("plugins.alpha", "plugins.beta") in pairs
    assert ("plugins.sub.gamma", "plugins.alpha") in pairs


def test_a_stray_folder_of_scripts_does_not_become_a_root(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "shop/__init__.py": "",
        "shop/core.py": "import json\n",
        "shop/api.py": "from shop import core\nimport shop.core\nfrom shop.core import x\n",
        "scripts/json/__init__.py": "",
        "scripts/json/dump.py": "",
    })
    analysis = analyze(repo, overrides={"history": False})

    assert analysis.source_roots == (".",)
    assert [m.name for m in analysis.graph.modules if m.name.startswith("json")] == []


def test_migrations_and_tests_left_out_are_counted_in_one_summary_line(
        make_repo: MakeRepo) -> None:
    from analyzer.output.document import to_document

    files = {**DJANGO_IN_SUBFOLDER, "proj/orders/migrations/0002_more.py": "X = 1\n",
             "proj/orders/tests/__init__.py": "", "proj/orders/tests/test_views.py": "X = 1\n"}
    analysis = analyze(make_repo(files), overrides={"history": False})

    assert analysis.left_out == {"migrations": 3, "tests": 2}
    assert to_document(analysis)["summary"]["left_out"] == {"migrations": 3, "tests": 2}
    assert not [w for w in analysis.warnings if "migrations" in w.path]


def test_files_no_import_can_name_give_one_warning_per_folder(make_repo: MakeRepo) -> None:
    commands = {f"shop/management/commands/sync-{n}.py": "import shop.models\n"
                for n in range(5)}
    repo = make_repo({"shop/__init__.py": "", "shop/models.py": "",
                      "shop/management/__init__.py": "",
                      "shop/management/commands/__init__.py": "", **commands,
                      "shop/migrations/__init__.py": "",
                      "shop/migrations/0001_initial.py": "", "shop/migrations/0002_more.py": ""})

    analysis = analyze(repo, overrides={"history": False})
    (warning,) = [w for w in analysis.warnings if w.code == "not-a-module-name"]
    assert warning.path == "shop/management/commands"
    assert warning.message.startswith("5 file(s) here") and "and 2 more" in warning.message
    # analysed on request, migrations still cannot be named by an import: counted, not warned
    every = analyze(repo, overrides={"history": False, "default_excludes": False})
    assert [w.path for w in every.warnings if w.code == "not-a-module-name"] == [
        "shop/management/commands"]
    assert every.left_out == {"migrations": 2}


def test_a_folder_holding_its_own_package_of_the_same_name_is_a_root(
        make_repo: MakeRepo) -> None:
    """`client/client/__init__.py` beside `server/...`: read from the repository root, the
    client's imports (`from client.api import ...`) would name `client/api`, which is not
    there; read from `client/`, they resolve."""
    files = {
        "server/__init__.py": "",
        "server/views.py": "from server import models\n",
        "server/models.py": "",
        "client/setup.py": "",
        "client/client/__init__.py": "from client.api import Api\n",
        "client/client/api.py": "from client.http import get\nfrom client import auth\n",
        "client/client/http.py": "from client.auth import token\n",
        "client/client/auth.py": "",
    }
    analysis = analyze(make_repo(files), overrides={"history": False})
    assert "client" in analysis.source_roots
    names = {m.name for m in analysis.graph.modules}
    assert {"client.api", "client.http", "server.views"} <= names
    assert not any(name.startswith("client.client") for name in names)
    pairs = {(e.importer, e.imported) for e in analysis.graph.imports}
    assert {("client.api", "client.http"), ("client.http", "client.auth")} <= pairs


def test_a_top_level_tests_folder_is_counted_as_left_out(make_repo: MakeRepo) -> None:
    # src/shop is the code; src/tests and tests/ at the top are test packages of their own
    repo = make_repo({
        "src/shop/__init__.py": "",
        "src/shop/orders.py": "from shop import payments\n",
        "src/shop/payments.py": "X = 1\n",
        "src/tests/__init__.py": "",
        "src/tests/test_orders.py": "import shop.orders\n",
        "src/tests/unit/__init__.py": "",
        "src/tests/unit/test_payments.py": "import shop.payments\n",
        "tests/test_smoke.py": "import shop\n",
        "docs/conf.py": "project = 'shop'\n",
    })

    analysis = analyze(repo, overrides={"history": False})

    assert {m.name for m in analysis.graph.modules} == {"shop", "shop.orders", "shop.payments"}
    assert analysis.left_out == {"tests": 5}
