"""Which files under a folder git ignores (`.gitignore`, `.git/info/exclude`, the user's
`core.excludesFile`), so discovery leaves them out as git does (git adapter).

One `git ls-files --others --ignored --exclude-standard --directory -z` in the folder: git
reads its own ignore rules, nothing of the repository runs (the file-system monitor hook a
repository may configure is turned off), and git's location variables are dropped so it
reads the repository holding the folder. Outside git, or without git, nothing is ignored and
nothing is read. Tracked files stay in, as they do for git, even when a pattern matches them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Variables that would point git at another repository, work tree or index than the folder's.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX",
                 "GIT_COMMON_DIR", "GIT_NAMESPACE")
#: Seconds git may take to list the ignored files (a network file system, a huge tree).
TIMEOUT = 120


@dataclass(frozen=True)
class Ignored:
    """The ignored paths below a folder, relative to it with forward slashes: whole folders
    (git lists a folder once when everything in it is ignored) and single files. `problem`
    says why git could not be asked although the folder lies in a git work tree."""

    folders: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()
    problem: str | None = None

    def covers(self, path: str) -> bool:
        """Whether the file or folder at `path` is ignored (itself, or a folder above it)."""
        if path in self.files or path in self.folders:
            return True
        parts = path.split("/")
        return any("/".join(parts[:end]) in self.folders for end in range(1, len(parts)))

    def __bool__(self) -> bool:
        return bool(self.folders or self.files)


def ignored_paths(root: Path) -> Ignored:
    """What git ignores below `root`; nothing outside a git work tree or without git."""
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    env["GIT_OPTIONAL_LOCKS"] = "0"  # a listing: no index refresh written back
    command = ["git", "-C", str(root), "-c", "core.fsmonitor=false", "ls-files", "-z",
               "--others", "--ignored", "--exclude-standard", "--directory"]
    try:
        result = subprocess.run(command, env=env, capture_output=True, check=False,
                                stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    except FileNotFoundError:
        return Ignored(problem=_problem(root, "git is not on the PATH"))
    except subprocess.TimeoutExpired:
        return Ignored(problem=_problem(root, f"git took more than {TIMEOUT} s", force=True))
    except OSError as error:
        return Ignored(problem=_problem(root, f"git could not run ({error.strerror})"))
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in detail.lower():
            return Ignored()
        lines = [line for line in detail.splitlines() if line.strip()]
        reason = lines[0] if lines else f"git ls-files exited with {result.returncode}"
        if "dubious ownership" in detail:
            reason = ("git refuses the repository: it belongs to another user (git's "
                      "safe.directory setting)")
        return Ignored(problem=_problem(root, reason, force=True))
    folders, files = set(), set()
    for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        if entry in ("./", "."):  # the folder itself is ignored by the repository around it:
            return Ignored()  # it was named on purpose, so it is analysed as outside git
        if entry.endswith("/"):
            folders.add(entry.rstrip("/"))
        else:
            files.add(entry)
    return Ignored(frozenset(folders), frozenset(files))


def _problem(root: Path, reason: str, *, force: bool = False) -> str | None:
    """The warning for a folder in a git work tree whose ignored files could not be listed;
    None outside git (no `.git` in the folder or above it), where nothing is ignored."""
    if not force and not any((folder / ".git").exists() for folder in (root, *root.parents)):
        return None
    return (f"{reason}, so git-ignored files could not be left out: they are analysed like "
            "the rest.")


#: Nothing ignored (outside git).
NOTHING_IGNORED = Ignored()
