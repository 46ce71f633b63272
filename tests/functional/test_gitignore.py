"""Git-ignored files are not analysed (issue 15, Configuration): git itself lists them
(`analyzer.code.ignored`), nothing of the repository runs, and outside git, or without git,
nothing is read and nothing is left out. Real git repositories."""

from __future__ import annotations

import os
import random
import stat
from pathlib import Path

import pytest

from analyzer import analyze
from analyzer.code.discover import _leaving_out, discover
from analyzer.code.ignored import Ignored, ignored_paths
from analyzer.patterns import matches
from analyzer.settings import DEFAULT_EXCLUDES, DEFAULT_IGNORE_PATHS, TEST_PATTERNS, Settings
from tests.conftest import MakeRepo, git

SHOP = {
    "shop/__init__.py": "",
    "shop/orders.py": "import shop.cart\n",
    "shop/cart.py": "",
    "shop/local_settings.py": "import shop.orders\nSECRET = 'x'\n",
    "shop/scratch/__init__.py": "",
    "shop/scratch/try_it.py": "import shop.cart\n",
    "notes/__init__.py": "",
    "notes/draft.py": "",
    ".gitignore": "local_settings.py\nscratch/\n/notes/\n",
}


@pytest.fixture(autouse=True)
def no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own excludes file (core.excludesFile) stays out of these tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def modules(repo: Path) -> list[str]:
    return [f.module for f in discover(repo, Settings()).files]


def test_git_ignored_files_and_folders_are_not_analysed(make_repo: MakeRepo):
    repo = make_repo(SHOP, commit=True)

    analysis = analyze(repo, overrides={"history": False})

    assert [m.name for m in analysis.graph.modules] == ["shop", "shop.cart", "shop.orders"]
    assert not [w for w in analysis.warnings if w.code == "gitignore-unread"]
    assert analysis.settings["exclude"] == []  # the recorded settings are the user's


def test_a_tracked_file_stays_in_although_a_pattern_matches_it(make_repo: MakeRepo):
    repo = make_repo(SHOP, commit=True)
    git(repo, "add", "-f", "shop/local_settings.py")  # tracked: git does not ignore it

    assert "shop.local_settings" in modules(repo)


def test_a_subfolder_of_a_repository_uses_the_repository_s_rules(make_repo: MakeRepo):
    repo = make_repo({**{f"src/{k}": v for k, v in SHOP.items() if k != ".gitignore"},
                      ".gitignore": "local_settings.py\n"}, commit=True)

    assert modules(repo / "src") == ["notes", "notes.draft", "shop", "shop.cart",
                                     "shop.orders", "shop.scratch", "shop.scratch.try_it"]


def test_outside_git_nothing_is_left_out_and_no_ignore_file_is_read(make_repo: MakeRepo):
    repo = make_repo(SHOP)  # a .gitignore, but no repository

    layout = discover(repo, Settings())

    assert "shop.local_settings" in [f.module for f in layout.files]
    assert "notes" in [p.name for p in layout.packages]
    assert layout.warnings == ()
    assert ignored_paths(repo).problem is None


def test_a_folder_git_ignores_is_analysed_when_named_itself(make_repo: MakeRepo):
    """Pointed at on purpose (`faultline analyze outer/vendored`), a folder the repository
    around it ignores as a whole is analysed, as outside git."""
    outer = make_repo({".gitignore": "vendored/\n", "app/__init__.py": ""}, commit=True)
    for rel in ("vendored/lib/__init__.py", "vendored/lib/core.py"):
        (outer / rel).parent.mkdir(parents=True, exist_ok=True)
        (outer / rel).write_text("", encoding="utf-8")

    assert modules(outer) == ["app"]
    assert modules(outer / "vendored") == ["lib", "lib.core"]


def test_git_location_variables_do_not_point_the_listing_elsewhere(make_repo: MakeRepo,
                                                                   monkeypatch, tmp_path):
    repo = make_repo(SHOP, commit=True)
    other = make_repo({"x/__init__.py": ""}, commit=True)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))

    assert "shop.local_settings" not in modules(repo)


def test_no_program_the_repository_configures_runs(make_repo: MakeRepo, tmp_path):
    """A repository's core.fsmonitor names a program git would run on `ls-files`."""
    repo = make_repo(SHOP, commit=True)
    marker = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    git(repo, "config", "core.fsmonitor", str(hook))

    assert "shop.local_settings" not in modules(repo)
    assert not marker.exists()


def _fake_git(folder: Path, script: str) -> None:
    folder.mkdir()
    fake = folder / "git"
    fake.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    fake.chmod(0o755)


def test_git_refusing_the_repository_is_a_warning_not_an_error(make_repo: MakeRepo,
                                                               monkeypatch, tmp_path):
    repo = make_repo(SHOP, commit=True)
    _fake_git(tmp_path / "bin", "echo \"fatal: detected dubious ownership in repository at "
                                "'$2'\" >&2\nexit 128\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))

    layout = discover(repo, Settings())

    assert "shop.local_settings" in [f.module for f in layout.files]  # analysed, and said so
    [warning] = [w for w in layout.warnings if w.code == "gitignore-unread"]
    assert "safe.directory" in warning.message
    assert "git-ignored files could not be left out" in warning.message


def test_without_git_a_repository_is_analysed_with_a_warning(make_repo: MakeRepo,
                                                             monkeypatch, tmp_path):
    repo = make_repo(SHOP, commit=True)
    plain = make_repo(SHOP)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    layout = discover(repo, Settings())

    assert "shop.local_settings" in [f.module for f in layout.files]
    [warning] = [w for w in layout.warnings if w.code == "gitignore-unread"]
    assert warning.message.startswith("git is not on the PATH")
    assert discover(plain, Settings()).warnings == ()  # outside git: nothing to say


def test_ignored_folders_are_anchored_where_git_lists_them(make_repo: MakeRepo):
    """`/work/` ignores the top-level work only: `shop/work` stays; git's own pattern
    syntax decides (`a[b]/` is a class matching `ab`)."""
    repo = make_repo({
        "shop/__init__.py": "", "shop/work/__init__.py": "", "shop/work/step.py": "",
        "shop/ab/__init__.py": "", "shop/a_b/__init__.py": "",
        ".gitignore": "/work/\nshop/a[b]/\n",
    }, commit=True)
    (repo / "work" / "lib").mkdir(parents=True)
    (repo / "work" / "lib" / "__init__.py").write_text("", encoding="utf-8")

    ignored = ignored_paths(repo)
    assert ignored.covers("work/lib/__init__.py") and ignored.covers("work")
    assert not ignored.covers("shop/work/step.py")
    assert modules(repo) == ["shop", "shop.a_b", "shop.work", "shop.work.step"]


def test_an_ignored_folder_name_with_glob_characters_matches_only_itself():
    settings = _leaving_out(Settings(), Ignored(folders=frozenset({"x[1]", "y*"})))

    assert matches("x[1]/mod.py", settings.excludes)
    assert matches("y*/mod.py", settings.excludes)
    assert not matches("x1/mod.py", settings.excludes)
    assert not matches("yes/mod.py", settings.excludes)
    assert not matches("pkg/x[1]/mod.py", settings.excludes)  # anchored at the root
    assert settings.to_dict()["exclude"] == ["/x\\[1\\]/", "/y\\*/"]
    assert _leaving_out(Settings(), Ignored(folders=frozenset({"__pycache__"}))) == Settings()


# The settings' path patterns (`include`, `exclude`, `ignore-paths`) follow the same rules as
# .gitignore: git itself, reading the same lines, must leave out the same files.

#: One case for each rule: names at any depth or at the root, files and folders of one name,
#: names with characters a pattern escapes.
RULE_TREE = (
    "tests/a.py", "shop/tests/b.py", "shop/contests/c.py", "shop/tests.py", "build/lib/x.py",
    "src/build/y.py", "shop/build", "shop/orders.py", "shop/orders/models.py", "shop/a.py",
    "migrations/env.py", "shop/orders/migrations/0001.py", "a/b", "a/x/b", "a/x/y/b/c.py",
    "x/a/b", "shop/legacy/old.py", "shop/legacy/deep/old.py", "v1.py", "v7.py", "vx.py",
    "keep.py", "sub/keep.py", "tests/fixtures/f.py", "tests/fixtures/more/g.py",
    "#notes", "x[1]/mod.py", "x1/mod.py", "!keep", "a b.txt", "docs/adr/0001.md",
    "docs/index.md", "docs/api/x.md", "web/vendor/lib.js", "yarn.lock", "requirements/base.txt",
)

RULE_LISTS = (
    ("tests",), ("/build",), ("build/",), ("/build/",), ("shop/*.py",), ("shop/*",),
    ("shop/?.py",), ("**/migrations",), ("a/**/b",), ("shop/legacy/**",), ("**",),
    ("v[0-9].py",), ("v[!0-9].py",), ("v[[:alpha:]].py",), ("*.py", "!keep.py"),
    ("*.py", "!keep.py", "sub/*.py"), ("build/", "!build/lib/x.py"),
    ("tests/*", "!tests/fixtures/"), ("tests", "!tests/fixtures/"),
    ("\\#notes", "x\\[1\\]/", "\\!keep"), ("# tests", "", "*.txt  "), ("a\\ b.txt",),
    ("docs/*", "!docs/adr/"), ("*.md", "!docs/"), DEFAULT_EXCLUDES, DEFAULT_IGNORE_PATHS,
    TEST_PATTERNS,
)


@pytest.fixture(scope="module")
def rule_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rules")
    for rel in RULE_TREE:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    return root


def git_leaves_out(root: Path, lines: tuple[str, ...]) -> list[str]:
    """The files of `root` that git ignores with `lines` as its exclude file."""
    (root / ".git" / "info" / "exclude").write_text("".join(f"{line}\n" for line in lines),
                                                     encoding="utf-8")
    listed = git(root, "ls-files", "--others", "--ignored", "--exclude-standard", "-z")
    return sorted(filter(None, listed.split("\0")))


@pytest.mark.parametrize("lines", RULE_LISTS, ids=" | ".join)
def test_the_setting_patterns_leave_out_what_git_leaves_out(rule_tree: Path,
                                                            lines: tuple[str, ...]):
    assert sorted(p for p in RULE_TREE if matches(p, lines)) == git_leaves_out(rule_tree, lines)


def random_lines(chosen: random.Random) -> tuple[str, ...]:
    """A few patterns made of the tree's names and every wildcard, anchored or not, for
    folders only or not, and "!" patterns taking back part of a folder an earlier one
    matched. Never "**" right after a name ("a**/b"): git's matcher reads that as if the name
    stood alone before "**/" (undocumented); here, as its documentation says, it is one "*"."""
    names = sorted({part for rel in RULE_TREE for part in rel.split("/")})
    wild = ("*", "?", "**", "[ab]", "[!a]", "[a-x]", "[[:digit:]]", "*.py", "*.md", "\\[1]",
            "v?.py", "*s")
    lines = []
    for _ in range(chosen.randint(1, 3)):
        parts = [chosen.choice(names) if chosen.random() < 0.5 else chosen.choice(wild)
                 for _ in range(chosen.randint(1, 3))]
        line = ("/" if chosen.random() < 0.2 else "") + "/".join(parts)
        lines.append(line + ("/" if chosen.random() < 0.25 else ""))
        if chosen.random() < 0.5:
            rel = chosen.choice([r for r in RULE_TREE if "/" in r]).split("/")
            cut = chosen.randint(1, len(rel) - 1)
            lines.append(chosen.choice((rel[0], rel[0] + "/", rel[0] + "/*", rel[0] + "/**",
                                        "/".join(rel[:cut]) + "/*")))
            lines.append("!" + chosen.choice(("/".join(rel), "/".join(rel[:cut + 1]) + "/",
                                              rel[-1], "/" + "/".join(rel[:cut]))))
    return tuple(lines)


def test_random_pattern_lists_agree_with_git(rule_tree: Path):
    chosen = random.Random(15)
    disagree = []
    for _ in range(150):
        lines = random_lines(chosen)
        ours = sorted(p for p in RULE_TREE if matches(p, lines))
        if ours != git_leaves_out(rule_tree, lines):
            disagree.append(lines)
    assert disagree == []


def test_a_folder_left_out_leaves_out_every_file_below_it(rule_tree: Path):
    """What discovery prunes while walking (`folder=True`) is what the files' own match says."""
    folders = sorted({rel.rsplit("/", 1)[0] for rel in RULE_TREE if "/" in rel})
    for lines in RULE_LISTS:
        for folder in folders:
            if matches(folder, lines, folder=True):
                below = [p for p in RULE_TREE if p.startswith(folder + "/")]
                assert all(matches(p, lines) for p in below), (lines, folder)
