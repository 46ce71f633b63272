"""The `django` sample: a Django project laid out by app under src/, with planted services."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_repos
from analyzer.cli.main import cli
from sample_repos import SampleError
from tests.conftest import git

Truth = dict[str, object]
SRC = "src"


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    dest = tmp_path_factory.mktemp("django") / "repo"
    return dest, sample_repos.build("django", dest, seed=0)


def dotted(path: str) -> str:
    """Module name of a file below src/, as Faultline names it with src/ as source root."""
    return path.removeprefix(f"{SRC}/").removesuffix(".py").removesuffix("/__init__").replace(
        "/", ".")


def source_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / SRC).rglob("*.py"))


def analysed(path: str) -> bool:
    """Not a test, not a migration, not a loose script such as src/manage.py."""
    parts = path.split("/")
    return "tests" not in parts and "migrations" not in parts and len(parts) > 2


def service_of(truth: Truth) -> dict[str, str]:
    return {m: service for service, names in truth["boundaries"].items() for m in names}


def imports_of(root: Path, path: str) -> set[str]:
    """Modules the file imports (relative imports resolved; the module, not the symbol)."""
    tree = ast.parse((root / path).read_text(encoding="utf-8"))
    package = dotted(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"{package}.{base}" if base else package
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def changed_files(root: Path) -> dict[str, list[str]]:
    """sha -> files changed, for every non-merge commit."""
    out = git(root, "log", "--no-merges", "--no-renames", "--format=@@%H", "--name-only")
    commits: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("@@"):
            current = line[2:]
            commits[current] = []
        elif line:
            commits[current].append(line)
    return commits


def settings_value(root: Path, name: str) -> object:
    tree = ast.parse((root / SRC / "config" / "settings.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not in settings")


def test_same_seed_same_head_other_seed_other_head(
    django: tuple[Path, Truth], tmp_path: Path
) -> None:
    _, truth = django
    dest = tmp_path / "again"

    result = CliRunner().invoke(cli, ["-q", "sample", "django", str(dest)])
    other = sample_repos.build("django", tmp_path / "other", seed=1)

    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "again.truth.json").read_text()) == truth
    assert other["head"] != truth["head"]


def test_a_django_project_with_manage_py_in_src(django: tuple[Path, Truth]) -> None:
    root, truth = django
    apps = truth["apps"]
    installed = settings_value(root, "INSTALLED_APPS")
    middleware = settings_value(root, "MIDDLEWARE")
    modules = {dotted(path) for path in source_files(root)}

    assert (root / SRC / "manage.py").is_file() and not (root / "manage.py").exists()
    assert not (root / SRC / "__init__.py").exists()
    assert settings_value(root, "ROOT_URLCONF") == "config.urls"
    assert truth["source_root"] == SRC and 10 <= len(apps) <= 14
    for app in apps:
        assert any(entry == app or entry.startswith(f"{app}.apps.") for entry in installed)
    assert any(entry.endswith("Config") for entry in installed)
    assert [m for m in middleware if m.rpartition(".")[0] in modules]
    assert git(root, "status", "--porcelain") == ""
    assert int(git(root, "rev-list", "--count", "HEAD")) == truth["commits"]
    assert git(root, "rev-parse", "HEAD").strip() == truth["head"]


def test_every_app_has_the_usual_django_files(django: tuple[Path, Truth]) -> None:
    root, truth = django
    labels = truth["app_labels"]
    urls = (root / SRC / "config" / "urls.py").read_text()
    standard = ("__init__", "apps", "models", "views", "forms", "urls", "admin", "signals",
                "services", "selectors", "migrations/__init__", "migrations/0001_initial",
                "management/__init__", "management/commands/__init__", "tests/__init__")

    for app in truth["apps"]:
        folder = root / SRC / app
        assert all((folder / f"{name}.py").is_file() for name in standard), app
        assert list((folder / "management" / "commands").glob("[a-z]*.py"))
        assert list((folder / "tests").glob("test_*.py"))
        assert (folder / "locale" / "de" / "LC_MESSAGES" / "django.po").is_file()
        assert f'include("{app}.urls")' in urls or f'include(("{app}.urls"' in urls
        assert (f'label = "{labels[app]}"' in (folder / "apps.py").read_text()) == (
            labels[app] != app)
    assert sum(label != app for app, label in labels.items()) >= 3


def test_every_python_file_parses_now_and_before_the_formatter(
    django: tuple[Path, Truth],
) -> None:
    root, truth = django
    before = f"{truth['noise']['bulk_format_commit']}^"
    old = [p for p in git(root, "ls-tree", "-r", "--name-only", before).split() if
           p.endswith(".py")]

    for path in sorted(root.rglob("*.py")):
        if ".git" not in path.parts:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for path in old:
        ast.parse(git(root, "show", f"{before}:{path}"), filename=path)
    assert len(old) > 100


def test_truth_names_exactly_the_analysed_modules(django: tuple[Path, Truth]) -> None:
    root, truth = django
    modules = {dotted(path) for path in source_files(root) if analysed(path)}
    services = service_of(truth)
    listed = [*services, *truth["shared_kernel"], *truth["project"]]
    apps, misplaced = truth["apps"], truth["misplaced"]

    assert len(listed) == len(set(listed)) and set(listed) == modules
    assert all(path.startswith(f"{SRC}/") and "/migrations/" in path
               for path in truth["migrations"])
    assert {m.split(".")[0] for m in truth["shared_kernel"]} == set(truth["kernel_apps"])
    for module, service in services.items():
        assert service == misplaced.get(module, apps[module.split(".")[0]])
    counts = Counter(apps.values())
    assert len(truth["boundaries"]) == len(counts) and set(counts.values()) <= {2, 3}
    assert abs(truth["cross_service_import_rate"] - 0.08) < 0.03
    for kind in ("foreign_key", "get_model", "import_string", "include", "signal_sender"):
        refs = [r for r in truth["string_references"] if r["kind"] == kind]
        assert refs and all(r["source"] in modules | {"config.settings"} for r in refs)
        assert all(r["target"] in modules for r in refs)


def test_string_references_are_in_the_code(django: tuple[Path, Truth]) -> None:
    root, _ = django
    text = "\n".join(
        (root / path).read_text(encoding="utf-8") for path in source_files(root) if analysed(path)
    )

    assert 'import_string("payments.gateways.Stripe")' in text
    assert 'apps.get_model("order", "Line")' in text
    assert '"catalog.Product"' in text and 'sender="order.Order"' in text
    assert "from catalogue.models import Product" in text


def test_the_apps_of_a_service_import_each_other_more_than_any_other_app(
    django: tuple[Path, Truth],
) -> None:
    """The planted services are there to be found: sibling apps are tied closer by imports
    than an app is to any single app of another service."""
    root, truth = django
    apps = truth["apps"]
    ties: Counter[tuple[str, str]] = Counter()
    for path in filter(analysed, source_files(root)):
        source = dotted(path).split(".")[0]
        for target in {m.split(".")[0] for m in imports_of(root, path)} & set(apps) - {source}:
            if target != source:
                ties[tuple(sorted((source, target)))] += 1
    for app, service in apps.items():
        mine = {pair: n for pair, n in ties.items() if app in pair}
        siblings = [n for pair, n in mine.items() if {apps[a] for a in pair} == {service}]
        others = [n for pair, n in mine.items() if {apps[a] for a in pair} != {service}]
        assert min(siblings) > max(others, default=0), app


def test_misplaced_modules_import_and_change_with_their_true_service(
    django: tuple[Path, Truth],
) -> None:
    root, truth = django
    services = service_of(truth)
    noise = {truth["noise"]["bulk_format_commit"], *truth["noise"]["bot_commits"]}
    commits = {sha: files for sha, files in changed_files(root).items() if sha not in noise}

    assert len(truth["misplaced"]) >= 3
    for module, service in truth["misplaced"].items():
        app = module.split(".")[0]
        path = f"{SRC}/{module.replace('.', '/')}.py"
        imported = {services[m] for m in imports_of(root, path) if m in services}
        assert service in imported and truth["apps"][app] != service
        together: Counter[str] = Counter()
        for files in commits.values():
            if path in files:
                together.update(services[dotted(f)] for f in files
                                if f != path and dotted(f) in services)
        assert together[service] >= 10 > together[truth["apps"][app]]


def test_history_has_the_planted_noise(django: tuple[Path, Truth]) -> None:
    root, truth = django
    noise = truth["noise"]
    commits = changed_files(root)
    authors = set(git(root, "log", "--format=%an").splitlines())
    catalogs = [{f.split("/")[1] for f in commits[sha] if f.endswith(".po")}
                for sha in noise["translation_commits"]]
    fonts = [sha for sha in noise["static_commits"]
             if any(f.endswith(".woff2") for f in commits[sha])]
    python = [f for f in git(root, "ls-files").split() if f.endswith(".py")]

    assert len(commits[noise["bulk_format_commit"]]) > 0.5 * len(python)
    assert {"dependabot[bot]", "pre-commit-ci[bot]"} <= authors and len(authors) >= 12
    assert any(commits[sha] == ["requirements.txt"] for sha in noise["bot_commits"])
    assert noise["dependency_upgrades"]
    assert all(commits[sha] == ["requirements.txt"] for sha in noise["dependency_upgrades"])
    assert len(catalogs) >= 5 and max(len(apps) for apps in catalogs) >= 10
    assert fonts and "-\t-\t" in git(root, "show", "--numstat", "--format=", fonts[0])
    assert len(noise["merge_commits"]) >= 4
    migrations = [sha for sha, files in commits.items()
                  if any("/migrations/000" in f and not f.endswith("0001_initial.py")
                         for f in files)]
    assert len(migrations) >= 20
    assert all(any(f.endswith("/models.py") for f in commits[sha]) for sha in migrations)


def test_cross_rate_option(tmp_path: Path) -> None:
    truth = sample_repos.build("django", tmp_path / "mixed", cross_rate=0.2)

    assert abs(truth["cross_service_import_rate"] - 0.2) < 0.03
    with pytest.raises(SampleError, match="cross_rate"):
        sample_repos.build("django", tmp_path / "bad", cross_rate=0.9)
    assert "django" in sample_repos.SCENARIOS
