"""Replay ordered steps into fast-import: main-line commits, branch commits and merges."""

from __future__ import annotations

from collections.abc import Callable

from sample_repos.fastimport import Commit, FastImport
from sample_repos.model import MERGE, Step
from sample_repos.workspace import Change, Modify, Workspace

MAIN = "refs/heads/main"


def replay(
    steps: list[Step],
    workspace: Workspace,
    stream: FastImport,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Write every step as a commit (mark = position + 1); return the branch names used."""
    main_tip: int | None = None
    branch_tip: dict[str, int] = {}
    branch_files: dict[str, dict[str, None]] = {}
    report_every = max(1000, len(steps) // 10)
    for index, step in enumerate(steps):
        mark = index + 1
        if step.kind == MERGE:
            assert step.branch is not None
            changes: list[Change] = [
                Modify(workspace.path(fid), workspace.text(fid))
                for fid in branch_files.pop(step.branch)
            ]
            stream.commit(
                Commit(
                    MAIN,
                    mark,
                    step.author,
                    step.when,
                    step.message,
                    changes,
                    merges=[branch_tip[step.branch]],
                )
            )
            main_tip = mark
        elif step.branch is not None:
            changes = [change for op in step.ops for change in workspace.apply(op)]
            parent = branch_tip.get(step.branch, main_tip)
            files = branch_files.setdefault(step.branch, {})
            files.update((fid, None) for fid in step.fids())
            stream.commit(
                Commit(
                    f"refs/heads/{step.branch}",
                    mark,
                    step.author,
                    step.when,
                    step.message,
                    changes,
                    parent=parent,
                )
            )
            branch_tip[step.branch] = mark
        else:
            changes = [change for op in step.ops for change in workspace.apply(op)]
            stream.commit(Commit(MAIN, mark, step.author, step.when, step.message, changes))
            main_tip = mark
        if progress and mark % report_every == 0:
            progress(f"wrote {mark}/{len(steps)} commits")
    return list(branch_tip)
