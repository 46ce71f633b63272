"""Shared fixtures: small real repositories written file by file, with fixed git identities."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _validating_to_document() -> None:
    """Every analysis document the suite makes in process is checked against the published
    JSON Schema (analysis.schema.json): `to_document` is wrapped before any test imports it."""
    try:
        import jsonschema
    except ImportError:  # the dev extra brings it; without it the schema tests skip too
        return
    import functools
    import json

    from analyzer.output import document
    from analyzer.output.export.schema import schema_text

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    original = document.to_document

    @functools.wraps(original)
    def to_document(*args, **kwargs):
        made = original(*args, **kwargs)
        validator.validate(made)
        return made

    document.to_document = to_document


_validating_to_document()

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Ada Example",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Example",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_AUTHOR_DATE": "2024-01-08T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-01-08T10:00:00+00:00",
}


def git(repo: Path, *args: str, **env_overrides: str) -> str:
    """Run git in `repo` with a fixed identity and no user configuration."""
    env = {**os.environ, **GIT_ENV, **env_overrides}
    result = subprocess.run(["git", *args], cwd=repo, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout


def run_python(probe: str) -> str:
    """What a fresh interpreter running `probe` prints: for what a process imports first."""
    import sys

    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           timeout=120, check=False)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


MakeRepo = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def session_faultline_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A Faultline cache for session- and module-scoped fixtures, which analyse too."""
    folder = tmp_path_factory.mktemp("faultline-cache-session")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAULTLINE_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def faultline_cache_dir(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty Faultline cache: nothing lands in the real ~/.cache."""
    folder = tmp_path_factory.mktemp("faultline-cache")
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Write files into a fresh folder; with commit=True make it a git repo with one commit."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes], *, commit: bool = False, name: str = "") -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir()
        write_files(root, files)
        if commit:
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Initial commit")
        return root

    return make


def commit(repo: Path, files: dict[str, str | bytes], message: str, *, day: int,
           author: str = "Ada Example <ada@example.com>") -> str:
    """Write files and commit them on 2024-01-{day}; returns the new SHA."""
    write_files(repo, files)
    name, _, email = author.partition(" <")
    date = f"2024-01-{day:02d}T10:00:00+00:00"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message,
        GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email.rstrip(">"),
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return git(repo, "rev-parse", "HEAD").strip()


def skewed_repo(folder: Path) -> tuple[Path, str]:
    """A repository whose root commit's clock runs ahead of the two commits after it (so
    `git log` by date visits them out of their parent order); (its path, the root's SHA)."""
    repo = folder / "skewed"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    root = commit(repo, {"a.py": "1\n"}, "root, clock ahead", day=10)
    commit(repo, {"a.py": "2\n"}, "two", day=2)
    commit(repo, {"b.py": "3\n"}, "three", day=3)
    return repo, root
