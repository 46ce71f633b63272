"""Which commit the analysed folder is at, read through GitPython without changing anything."""

from __future__ import annotations

from pathlib import Path

import git

from analyzer.model import RepoInfo


def read_repo_info(path: Path) -> RepoInfo:
    """The folder's git head and branch; None for both outside git or before the first commit."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepoInfo(path=str(path), head=None, branch=None)
    try:
        with repo:
            head = repo.head.commit.hexsha
            branch = None if repo.head.is_detached else repo.active_branch.name
    except (ValueError, TypeError, git.GitError):  # no commits yet, or an unreadable ref
        return RepoInfo(path=str(path), head=None, branch=None)
    return RepoInfo(path=str(path), head=head, branch=branch)
