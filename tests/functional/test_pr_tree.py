"""`faultline pr` on commits whose object store lacks some files' objects (a partial clone, a
mirror that dropped large files), and what `analyzer.history.tree.exported` writes: only the
files an analysis reads, hostile names as they are, nothing outside its temporary folder.
Real git repositories built here; a blob is made absent by deleting its loose object."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from analyzer.errors import InputError
from analyzer.history import tree as gittree
from tests.conftest import GIT_ENV, commit, git, write_files

BASE = {
    "pyproject.toml": "[tool.faultline]\nmin-revisions = 1\n",
    "shop/__init__.py": "",
    **{f"shop/orders{i}.py": f"from shop import orders{(i + 1) % 3}\n" for i in range(3)},
    **{f"shop/stock{i}.py": f"from shop import stock{(i + 1) % 3}\n" for i in range(3)},
    "docs/index.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 8,
    "docs/adr/0001-keep-orders-apart.md": "# Keep orders apart\n\nshop.orders0 stays.\n",
    "media/intro.mov": b"\x00\x00\x00\x18ftypqt  " + bytes(range(256)) * 4,
    "static/swagger-ui-bundle.js.map": '{"version": 3, "mappings": "AAAA"}\n',
}
#: The files whose objects a trimmed mirror drops: none of them is read by an analysis.
LARGE = ("docs/index.pdf", "media/intro.mov", "static/swagger-ui-bundle.js.map")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """main, and a branch `cross` whose commit adds an import across the two groups and
    changes the large files too (so both commits have their own objects for them)."""
    repo = tmp_path / "shop"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, BASE, "base", day=1)
    commit(repo, {"shop/stock1.py": "from shop import stock2\nX = 1\n"}, "stock", day=2)
    git(repo, "checkout", "-q", "-b", "cross")
    commit(repo, {"shop/orders0.py": "from shop import orders1\nfrom shop import stock0\n",
                  "docs/index.pdf": b"%PDF-1.4\nother\n", "media/intro.mov": b"\x00moov",
                  "static/swagger-ui-bundle.js.map": "{}\n"}, "orders needs stock", day=3)
    git(repo, "checkout", "-q", "main")
    return repo


def _drop(repo: Path, *specs: str) -> None:
    """Delete the loose objects of `REV:path` specs, as a trimmed mirror lacks them."""
    for spec in specs:
        oid = git(repo, "rev-parse", spec).strip()
        (repo / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
        assert _absent(repo, oid)


def _absent(repo: Path, oid: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", oid], cwd=repo, capture_output=True,
                          env={**os.environ, **GIT_ENV}, check=False).returncode != 0


def _git_in(repo: Path, text: str, *args: str) -> str:
    """git with `text` on its standard input."""
    return subprocess.run(["git", *args], cwd=repo, input=text, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=True).stdout.strip()


def _pr(repo: Path, *args: str):
    return CliRunner().invoke(cli, ["pr", str(repo), "--base", "main", "--head", "cross",
                                    *args, "-q"])


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_missing_objects_of_other_files_change_nothing(shop: Path, tmp_path: Path,
                                                       fmt: str) -> None:
    trimmed = tmp_path / "trimmed"
    shutil.copytree(shop, trimmed, symlinks=True)
    _drop(trimmed, *(f"{rev}:{path}" for rev in ("main", "cross") for path in LARGE))

    whole = _pr(shop, "--format", fmt)
    cut = _pr(trimmed, "--format", fmt)

    assert whole.exit_code == 0, whole.output
    assert cut.exit_code == 0, cut.output
    assert cut.stdout == whole.stdout
    assert "shop.orders0" in cut.stdout and "shop.stock0" in cut.stdout  # the new import
    assert "0001-keep-orders-apart" in cut.stdout or fmt == "json"


@pytest.mark.parametrize("spec", ["main:shop/stock1.py", "cross:shop/orders0.py",
                                  "main:pyproject.toml"])
def test_a_missing_python_or_settings_object_is_one_clear_line(shop: Path, spec: str) -> None:
    _drop(shop, spec)
    path = spec.split(":", 1)[1]

    result = _pr(shop)

    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: '{path}' cannot be read at commit ")
    assert "is missing from this clone" in lines[0] and "Traceback" not in result.output


def _files(root: Path) -> set[str]:
    """What lies below `root`: folders with a trailing slash; links not followed."""
    found = set()
    for folder, dirs, files in os.walk(root):
        here = Path(folder).relative_to(root)
        found.update(f"{(here / d).as_posix()}/" for d in dirs if not Path(folder, d).is_symlink())
        found.update((here / n).as_posix() for n in files)
        found.update((here / d).as_posix() for d in dirs if Path(folder, d).is_symlink())
    return found


def test_the_export_holds_what_an_analysis_reads_and_every_folder(shop: Path) -> None:
    os.symlink("orders1.py", shop / "shop" / "alias.py")
    os.symlink("../docs", shop / "static" / "docs")
    write_files(shop, {".gitignore": "*.log\n", "shop/.adr-dir": "docs/adr\n",
                       "README.md": "# Shop\n", "setup.cfg": "[metadata]\n"})
    sha = commit(shop, {}, "links", day=4)
    before = (git(shop, "status", "--porcelain"), (shop / ".git" / "index").read_bytes())

    with gittree.exported(shop, sha) as tree:
        written = _files(tree)
        assert os.readlink(tree / "shop" / "alias.py") == "orders1.py"
        assert (tree / "docs" / "adr" / "0001-keep-orders-apart.md").read_text() == \
            BASE["docs/adr/0001-keep-orders-apart.md"]
        assert (tree / "shop" / "stock1.py").read_bytes() == b"from shop import stock2\nX = 1\n"
    after = (git(shop, "status", "--porcelain"), (shop / ".git" / "index").read_bytes())

    assert written == {
        "pyproject.toml", "README.md", "shop/", "shop/__init__.py", "shop/alias.py",
        "shop/.adr-dir", *(f"shop/{k}{i}.py" for k in ("orders", "stock") for i in range(3)),
        "docs/", "docs/adr/", "docs/adr/0001-keep-orders-apart.md", "media/", "static/",
        "static/docs"}
    assert after == before
    assert not tree.exists()


def test_the_analysed_folder_decides_which_objects_are_needed(shop: Path) -> None:
    write_files(shop, {"tools/build.py": "import os\n", "tools/pyproject.toml": "[x]\n"})
    sha = commit(shop, {}, "tools", day=4)
    _drop(shop, f"{sha}:tools/build.py", f"{sha}:tools/pyproject.toml",
          f"{sha}:docs/adr/0001-keep-orders-apart.md")
    said: list[str] = []

    with gittree.exported(shop, sha, "shop/", progress=said.append) as tree:
        assert (tree / "shop" / "orders0.py").is_file()
        assert (tree / "tools").is_dir() and not (tree / "tools" / "build.py").exists()
        assert not (tree / "docs" / "adr" / "0001-keep-orders-apart.md").exists()
    with (pytest.raises(InputError, match=r"^'tools/build.py' \(and 1 more files the analysis"),
          gittree.exported(shop, sha)):
        pass

    assert said == [f"left out 1 decision record(s) or link(s) of {sha[:12]} whose git "
                    "objects are missing"]


def test_hostile_file_names_are_written_as_they_are(shop: Path, tmp_path: Path) -> None:
    names = ["new\nline.py", "-rf.py", "--output=pwned.py", "tab\there.py", "quote\"'.py",
             "back\\slash.py", "space name.py", os.fsdecode(b"caf\xe9.py"), "ünïcode.py"]
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET = 1\n")
    os.symlink(outside, shop / "shop" / "leak.py")
    write_files(shop, {f"shop/{name}": f"# {name!r}\n" for name in names})
    sha = commit(shop, {}, "odd names", day=4)

    with gittree.exported(shop, sha) as tree:
        listed = set(os.listdir(os.fsencode(tree / "shop")))
        for name in names:
            assert (tree / "shop" / name).read_text() == f"# {name!r}\n"
        assert os.readlink(tree / "shop" / "leak.py") == str(outside)
    git(shop, "branch", "-f", "cross", sha)
    result = _pr(shop, "--format", "json")

    assert {os.fsencode(n) for n in names} <= listed
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "SECRET = 1\n"
    assert not (shop / "pwned.py").exists() and not Path("pwned.py").exists()


def test_a_tree_with_a_dot_git_path_is_refused_before_anything_is_written(shop: Path) -> None:
    blob = git(shop, "rev-parse", "main:shop/orders0.py").strip()
    inner = _git_in(shop, f"100644 blob {blob}\tconfig\n", "mktree")
    top = _git_in(shop, f"040000 tree {inner}\t.git\n100644 blob {blob}\tok.py\n", "mktree")
    sha = git(shop, "commit-tree", top, "-p", "main", "-m", "hostile").strip()
    git(shop, "branch", "-f", "cross", sha)
    config = (shop / ".git" / "config").read_bytes()

    result = _pr(shop)

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git read-tree failed: ")
    assert "invalid path '.git/config'" in result.stderr
    assert (shop / ".git" / "config").read_bytes() == config


def test_a_partial_clone_whose_remote_is_gone(shop: Path, tmp_path: Path) -> None:
    """Its absent objects cannot be fetched (git stops): the files the analysis reads are
    there, the large ones are not, and the comparison is that of the full repository."""
    git(shop, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", shop.as_uri(),
        str(clone))
    git(clone, "branch", "-f", "cross", "origin/cross")
    for rev in ("main", "cross"):  # what the analysis reads, fetched while the remote is up
        for path in git(clone, "ls-tree", "-r", "--name-only", rev).split("\n"):
            if path and not path.startswith(("docs/index", "media/", "static/")):
                git(clone, "cat-file", "-e", f"{rev}:{path}")
    whole = _pr(shop, "--format", "json")
    shop.rename(tmp_path / "gone")
    assert _absent(clone, git(clone, "rev-parse", "cross:docs/index.pdf").strip())

    cut = _pr(clone, "--format", "json")

    assert cut.exit_code == 0, cut.output
    assert cut.stdout == whole.stdout


def test_an_exported_tree_inside_another_work_tree_keeps_all_its_files(
        make_repo, tmp_path) -> None:
    """A commit's tree exported under a TMPDIR that sits inside another git work tree: that
    repository's .gitignore must not drop the tree's files from the analysis."""
    from analyzer.pipeline import analyze
    from tests.conftest import git, write_files

    repo = make_repo({"shop/__init__.py": "", "shop/cart.py": "from shop import price\n",
                      "shop/price.py": ""})
    outer = tmp_path / "outer"
    write_files(outer, {".gitignore": "shop/\n", "README.md": "outer\n"})
    git(outer, "init", "-q")
    exported = outer / "tmp" / "tree"
    write_files(exported, {"shop/__init__.py": "", "shop/cart.py": "from shop import price\n",
                           "shop/price.py": ""})
    direct = analyze(repo, overrides={"history": False}, cache=False)
    inside = analyze(exported, overrides={"history": False}, cache=False, history_from=repo)
    assert [m.name for m in inside.graph.modules] == [m.name for m in direct.graph.modules]
    assert [m.name for m in direct.graph.modules] == ["shop", "shop.cart", "shop.price"]
