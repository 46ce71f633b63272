"""A commit's files without touching the user's work tree, index or HEAD (git adapter).

`exported` writes the tree of one commit into a temporary folder through a temporary index
(`GIT_INDEX_FILE`, `git read-tree`, `git checkout-index --prefix`): no checkout, no hook, and
unlike `git archive` no `export-ignore` attribute drops a file. Refs are checked before git
sees them: one that looks like an option is refused, the rest are resolved with
`git rev-parse --verify --end-of-options REF^{commit}` to a full SHA.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import InputError
from analyzer.history.log import HistoryOptions, check_options

#: Variables that would point git at another repository, work tree or index than ours.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class Checkout:
    """Where a folder sits in its repository: the work tree's top and the folder below it."""

    top: Path
    prefix: str  # "" or "sub/dir/" (with a trailing slash), as `git rev-parse --show-prefix`


def locate(path: Path) -> Checkout:
    """The repository holding `path`; an InputError outside git."""
    if not path.is_dir():
        raise InputError(f"'{path}' is not a folder; give the repository to compare.")
    try:
        top = _git(path, "rev-parse", "--show-toplevel").strip()
        prefix = _git(path, "rev-parse", "--show-prefix").strip()
    except InputError as error:
        raise InputError(f"'{path}' is not inside a git work tree; `faultline pr` compares "
                         "two commits of a git repository.") from error
    return Checkout(Path(top), prefix)


def resolve(top: Path, ref: str, *, role: str = "ref") -> str:
    """The full SHA of the commit `ref` names; refs that look like options are refused."""
    try:
        check_options(HistoryOptions(rev=ref))
    except InputError as error:
        raise InputError(f"--{role} '{ref}' is not a git ref (it looks like an option or is "
                         "empty); give a branch, tag or commit.") from error
    if ".." in ref:
        raise InputError(f"--{role} '{ref}' is a range; give one branch, tag or commit.")
    try:
        sha = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{ref}^{{commit}}").strip()
    except InputError as error:
        raise InputError(f"--{role} '{ref}' is not a commit in this repository; check the "
                         "branch, tag or SHA, and fetch it (a CI checkout needs "
                         "fetch-depth: 0).") from error
    if not _SHA.match(sha):
        raise InputError(f"--{role} '{ref}' did not name one commit.")
    return sha


def merge_base(top: Path, base: str, head: str) -> str:
    """The commit where `head` left `base` (`base` itself when they share none)."""
    try:
        found = _git(top, "merge-base", base, head).strip()
    except InputError:
        return base
    return found if _SHA.match(found) else base


def changed_files(top: Path, base: str, head: str) -> tuple[str, ...]:
    """Repo-relative paths changed between the merge base of `base` and `head`, and `head`.

    Renames count as a removal and an addition, so both paths are listed.
    """
    out = _git(top, "-c", "core.quotepath=off", "diff", "--name-only", "--no-renames", "-z",
               f"{base}...{head}")
    return tuple(sorted({p for p in out.split("\0") if p}))


@contextmanager
def exported(top: Path, sha: str) -> Iterator[Path]:
    """A temporary folder holding the files of commit `sha`; removed afterwards."""
    if not _SHA.match(sha):
        raise InputError(f"'{sha}' is not a resolved commit SHA.")
    with tempfile.TemporaryDirectory(prefix="faultline-tree-") as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(top, "read-tree", sha, env=env)
        _git(top, "checkout-index", "--all", "--force", f"--prefix={tree}{os.sep}", env=env)
        yield tree


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    clean.update(env or {})
    try:
        result = subprocess.run(["git", *args], cwd=cwd, env=clean, capture_output=True,
                                check=False)
    except FileNotFoundError as error:
        raise InputError("git is not on the PATH; install git to compare commits.") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {detail[-1] if detail else result.returncode}")
    return result.stdout.decode("utf-8", "surrogateescape")
