"""Path patterns read with gitignore's rules (`analyzer.patterns`), one rule at a time, and the
default patterns leaving out what their fnmatch forms left out."""

from __future__ import annotations

import re
from fnmatch import translate

import pytest

from analyzer import patterns
from analyzer.patterns import escape, matches, path_matcher
from analyzer.settings import DEFAULT_EXCLUDES, DEFAULT_IGNORE_PATHS, TEST_PATTERNS


def selected(patterns_: tuple[str, ...], *paths: str, folder: bool = False) -> list[str]:
    return [p for p in paths if matches(p, patterns_, folder=folder)]


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    # Without "/": a name at any depth, a file or a folder (and so all below it).
    ("tests", "tests", True),
    ("tests", "shop/tests", True),
    ("tests", "shop/tests/test_a.py", True),
    ("tests", "shop/contests/a.py", False),
    ("tests", "shop/tests.py", False),
    ("*.py", "a/b/c.py", True),
    ("*_pb2.py", "api/v1_pb2.py", True),
    # A leading "/" or one in the middle anchors at the root.
    ("/build", "build/lib/x.py", True),
    ("/build", "src/build/x.py", False),
    ("shop/legacy", "shop/legacy/old.py", True),
    ("shop/legacy", "src/shop/legacy/old.py", False),
    ("shop/legacy", "shop/legacyx/old.py", False),
    # "*" and "?" do not cross "/".
    ("shop/*.py", "shop/orders.py", True),
    ("shop/*.py", "shop/orders/models.py", False),
    ("shop/*", "shop/orders/models.py", True),  # shop/orders matches, and covers its files
    ("shop/?.py", "shop/a.py", True),
    ("shop/?.py", "shop/ab.py", False),
    ("a?b", "a/b", False),
    ("a*b", "a/b", False),
    # Leading "**/", middle "/**/", trailing "/**".
    ("**/migrations", "migrations/0001.py", True),
    ("**/migrations", "shop/orders/migrations/0001.py", True),
    ("**/shop/models.py", "src/shop/models.py", True),
    ("**/shop/models.py", "src/x/shop/models.py", True),
    ("**/shop/models.py", "src/shop/x/models.py", False),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/b", True),
    ("a/**/b", "a/x/y/b/c.py", True),
    ("a/**/b", "x/a/b", False),
    ("shop/legacy/**", "shop/legacy/old.py", True),
    ("shop/legacy/**", "shop/legacy/deep/old.py", True),
    ("shop/legacy/**", "shop/legacy", False),  # what is inside, not the folder's name
    ("**", "anything/at/all.py", True),
    ("a**b", "a/b", False),  # not next to "/": one "*"
    ("a**b", "axxb", True),
    # Classes.
    ("v[12].py", "v1.py", True),
    ("v[12].py", "v3.py", False),
    ("v[0-9].py", "v7.py", True),
    ("v[!0-9].py", "v7.py", False),
    ("v[^0-9].py", "vx.py", True),
    ("v[[:digit:]].py", "v7.py", True),
    ("[]]", "]", True),
    ("a[/]b", "a/b", False),  # a class never matches "/"
    ("a[!x]b", "a/b", False),
    ("a[b", "a[b", False),  # not closed: matches nothing, as in git
    # Backslash escapes.
    ("\\*.py", "*.py", True),
    ("\\*.py", "x.py", False),
    ("x\\[1\\]", "x[1]", True),
    ("x\\[1\\]", "x1", False),
    ("\\!keep", "!keep", True),
    ("\\#notes", "#notes", True),
    ("x\\", "x\\", False),  # a trailing lone backslash matches nothing, as in git
    # Trailing spaces are dropped unless escaped.
    ("tests  ", "shop/tests/a.py", True),
    ("a\\ ", "a ", True),
    ("a\\ ", "a", False),
])
def test_one_pattern(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, (pattern,)) is expected


def test_a_trailing_slash_matches_folders_only_and_everything_below_them() -> None:
    assert selected(("build/",), "build", "a/build", "build/x.py", "a/build/x.py") == [
        "build/x.py", "a/build/x.py"]  # "build" and "a/build" as files stay
    assert selected(("build/",), "build", "a/build", folder=True) == ["build", "a/build"]
    assert selected(("/build/",), "build/x.py", "a/build/x.py") == ["build/x.py"]
    assert selected(("a/**/",), "a/x", "a/x/y.py", "a/y.py") == ["a/x/y.py"]


def test_a_negation_takes_back_what_an_earlier_pattern_matched_and_the_last_match_decides(
) -> None:
    assert selected(("*.py", "!keep.py"), "a.py", "keep.py", "x/keep.py") == ["a.py"]
    assert selected(("!keep.py", "*.py"), "a.py", "keep.py") == ["a.py", "keep.py"]
    assert selected(("*.py", "!keep.py", "x/*.py"), "keep.py", "x/keep.py") == ["x/keep.py"]
    # A negation of a name that no pattern matched changes nothing.
    assert selected(("!a.py",), "a.py", "b.py") == []
    # The defaults and the user's excludes are one list: "!" takes a default back.
    excludes = (*DEFAULT_EXCLUDES, "!shop/tests/")
    assert selected(excludes, "shop/tests/helpers.py", "shop/tests/test_a.py",
                    "crm/tests/helpers.py") == ["shop/tests/test_a.py", "crm/tests/helpers.py"]
    assert not matches("shop/tests", excludes, folder=True)


def test_nothing_below_a_folder_left_out_comes_back_as_in_git() -> None:
    assert selected(("build/", "!build/keep.py"), "build/keep.py") == ["build/keep.py"]
    assert selected(("tests", "!tests/fixtures/"), "tests/fixtures/a.py") == [
        "tests/fixtures/a.py"]
    # Leaving out the folder's content instead, a subfolder can be taken back.
    content = ("tests/*", "!tests/fixtures/")
    assert selected(content, "tests/a.py", "tests/fixtures/a.py", "tests/fixtures/b/c.py") == [
        "tests/a.py"]
    assert not matches("tests", content, folder=True)
    assert not matches("tests/fixtures", content, folder=True)
    assert matches("tests/other", content, folder=True)
    # "!" on a folder does not take back a file a later-matched file pattern leaves out.
    assert selected(("a/**", "!a/tests/"), "a/tests/t.py", "a/x.py") == [
        "a/tests/t.py", "a/x.py"]


def test_blank_patterns_and_comments_are_skipped() -> None:
    assert selected(("", "   ", "# tests", "#*.py"), "tests/a.py", "a.py", "# tests") == []
    assert selected(("\\#*.py",), "#a.py", "a.py") == ["#a.py"]
    assert not matches("a.py", ())


def test_readme_examples() -> None:
    exclude = ("/scripts/", "src/shop/legacy/**/*.py", "!src/shop/legacy/api.py")
    assert selected(exclude, "scripts/run.py", "src/scripts/run.py", "src/shop/legacy/old.py",
                    "src/shop/legacy/sub/old.py", "src/shop/legacy/api.py") == [
        "scripts/run.py", "src/shop/legacy/old.py", "src/shop/legacy/sub/old.py"]
    include = ("src/shop/", "src/billing/")
    assert selected(include, "src/shop/models.py", "src/billing/a/b.py", "src/crm/x.py",
                    "lib/src/shop/x.py") == ["src/shop/models.py", "src/billing/a/b.py"]
    ignore = ("vendor/", "*.lock", "docs/*", "!docs/adr/")
    assert selected(ignore, "a/vendor/x/y.js", "poetry.lock", "docs/index.md", "docs/api/x.md",
                    "docs/adr/0001-use-x.md", "a/docs/x.md") == [
        "a/vendor/x/y.js", "poetry.lock", "docs/index.md", "docs/api/x.md"]


def test_escape_gives_a_pattern_that_matches_the_text_only() -> None:
    for name in ("x[1]", "y*", "a?b", "!keep", "#tmp", "trailing ", "back\\slash", "plain"):
        pattern = escape(name)
        assert matches(name, (pattern,)), name
        assert matches(f"{name}/below.py", (f"/{pattern}/",)), name
        assert not matches(f"pkg/{name}/below.py", (f"/{pattern}/",)), name
    assert not matches("x1", (escape("x[1]"),))
    assert not matches("yes", (escape("y*"),))


def test_each_tuple_of_patterns_is_compiled_once() -> None:
    patterns._compiled.cache_clear()
    given = ("tests/*", "!tests/keep/", "*.txt")
    for path in ("a.py", "tests/x.py", "tests/keep/y.py", "b/c.txt") * 50:
        matches(path, given)
    is_match = path_matcher(given)
    assert [is_match(p) for p in ("a.py", "tests/x.py", "tests/keep/y.py", "b/c.txt")] == [
        False, True, False, True]
    info = patterns._compiled.cache_info()
    assert info.misses == 1 and info.hits == 200


#: The default patterns in their fnmatch form, before the gitignore rules: every path they
#: left out must still be left out (fnmatch over the whole path, as the history read them;
#: component by component for patterns without "/", as discovery read them).
FNMATCH_IGNORE_PATHS = (
    "vendor/*", "*/vendor/*", "vendored/*", "*/_vendor/*", "third_party/*", "*/migrations/*",
    "*.lock", "*-lock.json", "*_pb2.py", "*_pb2_grpc.py", "generated/*", "*/generated/*",
    "docs/*", "*.po", "*.mo", "locale/*", "*/locale/*", "static/*", "*/static/*", "*.min.js",
    "*.min.css", "*.map", "*.svg", "*.png", "*.jpg", "*.gif", "*.ico", "*.woff", "*.woff2",
    "*.ttf", "*.eot", "*.otf", "*.pdf", "package-lock.json", "yarn.lock", "poetry.lock",
    "Pipfile.lock", "requirements*.txt")

CORPUS = (
    "shop/models.py", "shop/orders/migrations/0001_initial.py", "migrations/env.py",
    "vendor/lib.js", "shop/vendor/lib.js", "a/b/vendor/x/y.py", "vendored/six.py",
    "shop/vendored/six.py", "pkg/_vendor/x.py", "a/b/_vendor/x.py", "_vendor/x.py",
    "third_party/x.c", "shop/third_party/x.c", "poetry.lock", "web/yarn.lock", "Cargo.lock",
    "web/package-lock.json", "api/v1_pb2.py", "api/v1_pb2_grpc.py", "generated/x.py",
    "shop/generated/x.py", "docs/index.md", "docs/api/x.md", "shop/docs/x.md",
    "shop/locale/de/LC_MESSAGES/django.po", "locale/x.mo", "locale/README",
    "shop/static/css/site.min.css", "static/app.js", "shop/static/app.js", "img/logo.svg",
    "a/b.png", "a/b.jpg", "a/b.gif", "favicon.ico", "f/x.woff", "f/x.woff2", "f/x.ttf",
    "f/x.eot", "f/x.otf", "paper.pdf", "app.js.map", "requirements.txt", "requirements-dev.txt",
    "requirements/base.txt", "requirements/prod/extra.txt", "sub/requirements.txt",
    "Pipfile.lock", "package-lock.json", "shop/tests/test_a.py", "tests/conftest.py",
    "shop/test_views.py", "shop/views_test.py", "shop/testing/utils.py", "shop/conftest.py",
    "build/lib/x.py", "dist/x.py", ".venv/lib/x.py", "shop/.hidden/x.py", "venv/x.py",
    "env/x.py", "shop/__pycache__/x.py", "node_modules/x/index.js", "site-packages/x.py",
    "examples/demo.py", "doc/conf.py", "shop/protest.py", "shop/contests/a.py",
    "shop/latest.py", "shop/migration.py", "shop/staticfiles.py", "shop/vendors.py",
)


def old_component_match(path: str, patterns_: tuple[str, ...]) -> bool:
    """The old discovery match for patterns without "/": any component, fnmatch."""
    regex = re.compile("|".join(translate(p) for p in patterns_))
    return any(regex.match(part) for part in path.split("/"))


def test_the_default_ignore_paths_still_leave_out_what_they_left_out() -> None:
    old = re.compile("|".join(translate(p) for p in FNMATCH_IGNORE_PATHS)).match
    before = {p for p in CORPUS if old(p)}
    after = set(selected(DEFAULT_IGNORE_PATHS, *CORPUS))
    assert before <= after
    # Written as folders at any depth: the top-level ones are now left out too.
    assert after - before == {"migrations/env.py", "_vendor/x.py", "sub/requirements.txt"}


def test_the_default_excludes_and_test_patterns_leave_out_what_they_left_out() -> None:
    assert all("/" not in p for p in (*DEFAULT_EXCLUDES, *TEST_PATTERNS))
    for defaults in (DEFAULT_EXCLUDES, TEST_PATTERNS):
        assert selected(defaults, *CORPUS) == [
            p for p in CORPUS if old_component_match(p, defaults)]
    assert selected(DEFAULT_EXCLUDES, "shop/tests", "shop/migrations", "shop/.git", "shop/api",
                    folder=True) == ["shop/tests", "shop/migrations", "shop/.git"]
