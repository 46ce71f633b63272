"""Build a scenario's repository: design it, stream it into git, report the truth."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sample_repos.errors import SampleError
from sample_repos.fastimport import FastImport
from sample_repos.gitio import finish_repo, init_repo
from sample_repos.options import resolve_options
from sample_repos.replay import replay
from sample_repos.scenarios import REGISTRY
from sample_repos.truth import make_truth
from sample_repos.workspace import Workspace


def build(
    name: str,
    dest: Path,
    *,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    **options: object,
) -> dict[str, object]:
    """Create a git repository for scenario ``name`` at ``dest`` and return its truth."""
    scenario = REGISTRY.get(name)
    if scenario is None:
        known = ", ".join(sorted(REGISTRY))
        raise SampleError(f"Unknown scenario {name!r}; choose one of: {known}.")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SampleError(f"Seed must be an integer, got {seed!r}.")
    resolved = resolve_options(name, scenario.options, options)
    scenario.check(resolved)
    dest = Path(dest)
    created = _prepare(dest)
    say = progress or (lambda message: None)
    try:
        say(f"planning {name} (seed {seed})")
        design = scenario.design(seed, resolved)
        say(f"writing {len(design.steps)} commits")
        init_repo(dest)
        stream = FastImport(dest)
        try:
            branches = replay(design.steps, Workspace(design.files), stream, progress)
        except BaseException:
            stream.abort()
            raise
        marks = stream.close()
        say("checking out the work tree")
        head = finish_repo(dest, branches)
    except BaseException:
        _clean(dest, created)
        raise
    say(f"done: {len(design.steps)} commits, HEAD {head[:12]}")
    return make_truth(design, marks, head)


def _prepare(dest: Path) -> bool:
    """Make sure ``dest`` is a new or empty directory; return True if we created it."""
    if dest.exists():
        if not dest.is_dir():
            raise SampleError(f"Destination {dest} exists and is not a directory; pick a new path.")
        if any(dest.iterdir()):
            raise SampleError(f"Destination {dest} is not empty; pick a new or empty directory.")
        return False
    dest.mkdir(parents=True)
    return True


def _clean(dest: Path, created: bool) -> None:
    if created:
        shutil.rmtree(dest, ignore_errors=True)
        return
    for child in dest.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
