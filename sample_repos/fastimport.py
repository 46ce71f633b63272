"""Stream commits into one ``git fast-import`` process."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sample_repos.gitio import start_git
from sample_repos.people import Person
from sample_repos.workspace import Change, Modify


@dataclass
class Commit:
    """One commit as fast-import sees it."""

    ref: str
    mark: int
    author: Person
    when: int
    message: str
    changes: list[Change]
    parent: int | None = None
    merges: list[int] = field(default_factory=list)


class FastImport:
    """Writes commits to ``git fast-import`` as they are produced and collects their SHAs."""

    def __init__(self, repo: Path) -> None:
        self._marks = repo.resolve() / ".git" / "sample-repos-marks"  # git runs in repo
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close() or abort()
        args = ("fast-import", "--quiet", "--done", f"--export-marks={self._marks}")
        self._proc = start_git(repo, *args, stderr=self._errors)
        self._broken = False
        self._write(b"feature done\n")

    def _write(self, data: bytes) -> None:
        if self._broken:
            return
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(data)
        except BrokenPipeError:
            self._broken = True

    def commit(self, commit: Commit) -> None:
        ident = f"{commit.author.ident} {commit.when} {commit.author.tz}"
        message = commit.message.rstrip("\n").encode() + b"\n"
        parts = [
            f"commit {commit.ref}\nmark :{commit.mark}\n"
            f"author {ident}\ncommitter {ident}\ndata {len(message)}\n".encode(),
            message,
        ]
        if commit.parent is not None:
            parts.append(f"from :{commit.parent}\n".encode())
        parts.extend(f"merge :{mark}\n".encode() for mark in commit.merges)
        for change in commit.changes:
            if isinstance(change, Modify):
                data = change.text.encode()
                parts.append(f"M 100644 inline {change.path}\ndata {len(data)}\n".encode())
                parts.append(data)
                parts.append(b"\n")
            else:
                parts.append(f"R {change.old} {change.new}\n".encode())
        parts.append(b"\n")
        self._write(b"".join(parts))

    def abort(self) -> None:
        """Stop fast-import without finishing the stream (nothing is kept)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._errors.close()

    def close(self) -> dict[int, str]:
        """Finish the stream and return mark -> commit SHA."""
        self._write(b"done\n")
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            self._broken = True
        code = self._proc.wait()
        self._errors.seek(0)
        errors = self._errors.read().decode(errors="replace").strip()
        self._errors.close()
        if code != 0 or self._broken:
            raise RuntimeError(f"git fast-import failed: {errors or 'exit code ' + str(code)}")
        marks: dict[int, str] = {}
        for line in self._marks.read_text().splitlines():
            mark, sha = line.split()
            marks[int(mark[1:])] = sha
        self._marks.unlink()
        return marks
