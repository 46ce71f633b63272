"""Discovery: which packages and files of a repository are analysed."""

from __future__ import annotations

import pytest

from analyzer import analyze
from analyzer.code.discover import discover
from analyzer.errors import ConfigError, NoPackagesError
from analyzer.settings import Settings
from tests.conftest import MakeRepo


def module_names(repo, **overrides) -> list[str]:
    return [m.name for m in analyze(repo, overrides=overrides).graph.modules]


def test_flat_layout_with_several_packages_leaves_out_tests_docs_and_vendored(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({
        "billing/__init__.py": "",
        "billing/invoice.py": "import crm.client\n",
        "crm/__init__.py": "",
        "crm/client.py": "",
        "crm/tests/__init__.py": "",
        "crm/tests/test_client.py": "import crm.client\n",
        "tests/__init__.py": "",
        "tests/test_billing.py": "",
        "docs/conf.py": "",
        "vendor/slug/__init__.py": "",
        "setup.py": "",
        "build/lib/billing/__init__.py": "",
    })

    assert module_names(repo) == ["billing", "billing.invoice", "crm", "crm.client"]


def test_test_code_by_any_of_its_usual_names_is_left_out_and_counted(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({
        "shop/__init__.py": "",
        "shop/models.py": "",
        "shop/tests.py": "import shop.models\n",  # Django's startapp writes this one
        "shop/test.py": "",
        "shop/checkout_tests.py": "",
        "shop/tests_views.py": "",
        "shop/testimonials.py": "",  # a word that starts like "test": kept
        "shop/contest.py": "",
        "shop/test_utils/__init__.py": "",  # fixture apps only tests use
        "shop/test_utils/project/__init__.py": "",
        "shop/testutils.py": "",
        "shop/testproject/__init__.py": "",
        "shop/testproject/urls.py": "",
        "shop/integration_tests/__init__.py": "",
        "shop/attestation/__init__.py": "",
    })

    analysis = analyze(repo)
    assert [m.name for m in analysis.graph.modules] == [
        "shop", "shop.attestation", "shop.contest", "shop.models", "shop.testimonials"]
    assert analysis.left_out == {"tests": 10}
    # what the defaults leave out can be taken back, as any default can
    assert "shop.tests" in module_names(repo, exclude=["!tests.py"])


def test_src_layout_is_found(make_repo: MakeRepo) -> None:
    repo = make_repo({"src/app/__init__.py": "", "src/app/core.py": "from app import __name__\n"})

    layout = discover(repo, Settings())

    assert layout.source_roots == ("src",)  # "." holds no package: not listed
    assert [f.path for f in layout.files] == ["src/app/__init__.py", "src/app/core.py"]


def test_namespace_packages_are_analysed(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "src/acme/billing/__init__.py": "",
        "src/acme/billing/api.py": "from acme.crm import store\n",
        "src/acme/crm/__init__.py": "",
        "src/acme/crm/store.py": "",
    })

    graph = analyze(repo).graph

    assert [m.name for m in graph.modules] == [
        "acme.billing", "acme.billing.api", "acme.crm", "acme.crm.store"]
    assert [(e.importer, e.imported) for e in graph.imports] == [
        ("acme.billing.api", "acme.crm.store")]


def test_folder_without_init_inside_a_package_is_not_lost(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "web/__init__.py": "",
        "web/sansio/app.py": "from web import routes\n",
        "web/routes.py": "",
    })

    graph = analyze(repo).graph

    assert "web.sansio.app" in {m.name for m in graph.modules}
    assert ("web.sansio.app", "web.routes") in {(e.importer, e.imported) for e in graph.imports}


def test_exclude_and_include_from_pyproject(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "pyproject.toml": "[tool.faultline]\nexclude = ['shop/legacy']\n",
        "shop/__init__.py": "",
        "shop/orders.py": "",
        "shop/legacy/__init__.py": "",
        "shop/legacy/old.py": "",
    })

    assert module_names(repo) == ["shop", "shop.orders"]
    assert module_names(repo, include=("shop/legacy/*",), exclude=()) == [
        "shop", "shop.legacy", "shop.legacy.old"]


def test_exclude_and_include_follow_gitignore_rules(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "shop/__init__.py": "",
        "shop/orders.py": "",  # a file named as the folder pattern "orders/" names
        "shop/legacy/__init__.py": "",
        "shop/legacy/old.py": "",
        "shop/legacy/api.py": "",
        "shop/legacy/deep/__init__.py": "",
        "shop/legacy/deep/older.py": "",
        "shop/tests/__init__.py": "",
        "shop/tests/factories.py": "",
        "shop/tests/test_orders.py": "",
        "crm/__init__.py": "",
        "crm/orders/__init__.py": "",
        "crm/orders/lines.py": "",
        "crm/legacy/__init__.py": "",
        "crm/legacy/old.py": "",
    })
    everything = ["crm", "crm.legacy", "crm.legacy.old", "crm.orders", "crm.orders.lines",
                  "shop", "shop.legacy", "shop.legacy.api", "shop.legacy.deep",
                  "shop.legacy.deep.older", "shop.legacy.old", "shop.orders"]

    assert module_names(repo) == everything
    # A trailing "/": folders only, at any depth without another "/".
    assert module_names(repo, exclude=("orders/",)) == [
        m for m in everything if not m.startswith("crm.orders")]
    # Anchored at the root: "/legacy" is no top-level folder; "*" stays within a folder.
    assert module_names(repo, exclude=("/legacy",)) == everything
    assert module_names(repo, exclude=("*/legacy/o*.py",)) == [
        m for m in everything if m not in ("crm.legacy.old", "shop.legacy.old")]
    # "**" crosses folders; "!" takes back what an earlier pattern left out.
    assert module_names(repo, exclude=("shop/legacy/**/o*.py", "!shop/legacy/old.py")) == [
        m for m in everything if m != "shop.legacy.deep.older"]
    # ... also a default exclude, whose folder is then walked (its test files stay out).
    assert "shop.tests.factories" in module_names(repo, exclude=("!shop/tests/",))
    assert "shop.tests.test_orders" not in module_names(repo, exclude=("!shop/tests/",))
    # Include: only what the patterns select (with the packages' __init__ files).
    assert module_names(repo, include=("crm/orders/", "/shop/legacy/deep/")) == [
        "crm", "crm.orders", "crm.orders.lines", "shop", "shop.legacy", "shop.legacy.deep",
        "shop.legacy.deep.older"]
    assert module_names(repo, include=("**/legacy/*.py", "!api.py")) == [
        "crm", "crm.legacy", "crm.legacy.old", "shop", "shop.legacy", "shop.legacy.old"]


def test_command_line_settings_replace_the_configuration(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "pyproject.toml": "[tool.faultline]\npackages = ['one']\n",
        "one/__init__.py": "",
        "two/__init__.py": "",
        "two/tests/__init__.py": "",
    })

    assert module_names(repo) == ["one"]
    assert module_names(repo, packages=("two",)) == ["two"]
    assert module_names(repo, packages=("two",), default_excludes=False) == ["two", "two.tests"]


def test_a_named_package_that_is_missing_is_an_error(make_repo: MakeRepo) -> None:
    repo = make_repo({"one/__init__.py": ""})

    with pytest.raises(NoPackagesError, match="Package 'nope' named in the settings"):
        analyze(repo, overrides={"packages": ("nope",)})


def test_wrong_setting_types_are_reported(make_repo: MakeRepo) -> None:
    repo = make_repo({"pyproject.toml": "[tool.faultline]\nexclude = 3\n", "a/__init__.py": ""})

    with pytest.raises(ConfigError, match=r"'exclude' in \[tool.faultline\] must be a list"):
        analyze(repo)


def test_package_level_that_leaves_one_package_says_there_is_nothing_to_cut(
    make_repo: MakeRepo,
) -> None:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a/__init__.py": "", "pkg/a/x.py": "",
                      "pkg/b/__init__.py": "", "pkg/b/y.py": "from pkg.a import x\n"})

    one = analyze(repo, overrides={"level": "package", "depth": 1})
    (warning,) = [w for w in one.warnings if w.code == "one-package"]
    assert "--depth 1" in warning.message and "(pkg)" in warning.message
    two = analyze(repo, overrides={"level": "package", "depth": 2})
    assert not [w for w in two.warnings if w.code == "one-package"]
