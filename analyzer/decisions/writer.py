"""Write decision records into a repository's ADR folder, never overwriting a file.

The folder is found the way adr-tools and MADR users lay it out (`find_adr_dir`). Records are
numbered after the highest number already there. A record is "the same" as an existing one
when an existing file ends with `-<slug>.md`; it is then skipped, so a record a person has
edited stays as it is. Each new file appears whole or not at all, and never replaces a file
that appeared meanwhile. The index (README.md in the folder) is written only when absent or
when it carries Faultline's marker.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analyzer.errors import AnalyzerError, InputError
from analyzer.files import new_temp_file, write_all, write_atomic
from analyzer.output.markdown import escape_md

CANDIDATES = ("doc/adr", "docs/adr", "docs/decisions", "adr")
DEFAULT_DIR = "docs/adr"
INDEX = "README.md"
MARKER_TAG = "<!-- faultline:adr-index"
MARKER = f"{MARKER_TAG} (Faultline rewrites this file; delete this line to keep your own) -->"
_NUMBERED = re.compile(r"^(\d{4})-.+\.md$")
_BACKSLASHED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: any ASCII punctuation


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: "wrote", "skipped" (with the existing file) or "would write"."""

    action: str
    path: Path
    title: str = ""
    existing: Path | None = None


class WriteFailed(AnalyzerError):
    """Writing the records stopped part-way; `done` is what happened to each file before."""

    def __init__(self, message: str, done: list[Outcome]) -> None:
        super().__init__(message)
        self.done = done


def left_out_modules(document: Mapping[str, Any]) -> set[str]:
    """The modules of the analysed packages that no boundary holds, read from the repository
    on disk: the files the analysis left out (tests, migrations), which `lint-imports` sees.

    Names as grimp gives them (a folder of Python files is a package, `0001_initial` a module).
    Empty when the repository is not on this machine.
    """
    repo = Path(str((document.get("repo") or {}).get("path") or ""))
    if not str(repo) or not repo.is_dir():
        return set()
    placed = {m for b in document.get("boundaries") or [] for m in b.get("modules") or []}
    found: set[str] = set()
    for root in document.get("source_roots") or ["."]:
        base = repo / str(root)
        for package in document.get("packages") or []:
            top = base.joinpath(*str(package).split("."))
            if not top.is_dir() or not is_inside(top, repo):
                continue
            for folder, dirs, files in os.walk(top):  # symbolic links to folders not followed
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
                names = [f[:-3] for f in files if f.endswith(".py")]
                if not names:
                    continue
                parts = Path(folder).relative_to(base).parts
                found.add(".".join(parts))
                found.update(".".join((*parts, n)) for n in names if n != "__init__")
    return found - placed


def find_adr_dir(repo: Path, explicit: Path | None = None) -> Path:
    """The ADR folder of `repo`: `explicit`, `.adr-dir`, the first existing candidate, or the
    default `docs/adr`.

    `.adr-dir` (adr-tools) holds a path relative to the repository; it must stay inside it.
    """
    if explicit is not None:
        if explicit.exists() and not explicit.is_dir():
            raise InputError(f"ADR folder '{explicit}' is a file; give a folder to --adr-dir.")
        return explicit
    marker = repo / ".adr-dir"
    if marker.is_file():
        try:
            named = marker.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"'{marker}' cannot be read ({error}); fix it or use "
                             "--adr-dir.") from error
        if not named or not is_inside(repo / named, repo):
            raise InputError(f"'{marker}' names '{named}', which is not a folder inside the "
                             "repository; fix it or use --adr-dir.")
        return repo / named
    for candidate in CANDIDATES:
        if (repo / candidate).is_dir():
            return _inside(repo, candidate)
    return _inside(repo, DEFAULT_DIR)


def is_inside(folder: Path, repo: Path) -> bool:
    """Whether `folder` is `repo` or lies inside it, once symbolic links are resolved."""
    root, target = repo.resolve(), folder.resolve()
    return target == root or root in target.parents


def _inside(repo: Path, candidate: str) -> Path:
    """`repo / candidate`, refused when a committed symbolic link leads it out of the repo."""
    folder = repo / candidate
    if not is_inside(folder, repo):
        raise InputError(f"'{folder}' leads outside the repository (through a symbolic link); "
                         "Faultline writes records only inside it: use --adr-dir to write "
                         "elsewhere.")
    return folder


def numbered(folder: Path) -> dict[int, list[Path]]:
    """The numbered records (NNNN-*.md) in `folder`, by number."""
    found: dict[int, list[Path]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            match = _NUMBERED.match(path.name)
            if match:
                found.setdefault(int(match.group(1)), []).append(path)
    return found


def existing_record(folder: Path, slug: str) -> Path | None:
    """The record already standing for `slug` (a file named NNNN-<slug>.md), if any."""
    for paths in numbered(folder).values():
        for path in paths:
            if path.name.split("-", 1)[1] == f"{slug}.md":
                return path
    return None


def plan(folder: Path, records: Sequence[tuple[str, str, str]]) -> list[Outcome]:
    """What writing `records` into `folder` would do: numbers for the new ones, skips."""
    taken = numbered(folder)
    number = max(taken, default=0)
    outcomes = []
    for slug, title, _text in records:
        existing = existing_record(folder, slug)
        if existing is not None:
            outcomes.append(Outcome("skipped", existing, title, existing))
            continue
        number += 1
        outcomes.append(Outcome("would write", folder / f"{number:04d}-{slug}.md", title))
    return outcomes


def write_records(folder: Path, records: Sequence[tuple[str, str, str]], *,
                  dry_run: bool = False) -> list[Outcome]:
    """Write the new records and the index; return what was written, skipped or would be."""
    outcomes = plan(folder, records)
    if dry_run:
        return outcomes
    texts = {slug: text for slug, _title, text in records}
    done: list[Outcome] = []
    path = folder / INDEX
    try:
        for outcome, (slug, _title, _text) in zip(outcomes, records, strict=True):
            if outcome.action == "skipped":
                done.append(outcome)
                continue
            path = outcome.path
            try:
                write_new(outcome.path, texts[slug])
            except FileExistsError:
                done.append(Outcome("skipped", outcome.path, outcome.title, outcome.path))
                continue
            done.append(Outcome("wrote", outcome.path, outcome.title))
        path = folder / INDEX
        index = write_index(folder)
    except OSError as error:
        raise WriteFailed(_failure(error, path, done), done) from error
    if index is not None:
        done.append(index)
    return done


def _failure(error: OSError, path: Path, done: list[Outcome]) -> str:
    wrote = [o.path.name for o in done if o.action == "wrote"]
    before = (f"{len(wrote)} record(s) were written before it ({', '.join(wrote)}); "
              if wrote else "no record was written; ")
    return (f"Writing '{error.filename or path}' failed: {error.strerror or error}. {before}"
            "fix that and run again (records already there are skipped).")


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text` atomically; FileExistsError if anything is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        raise FileExistsError(path)
    fd, tmp = new_temp_file(path)  # mode 0666 less the umask, as for any new file
    try:
        try:
            write_all(fd, text.encode("utf-8"), path)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails if `path` exists: no race can overwrite a record
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system: check, then rename
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(tmp, path)
            return
    finally:
        Path(tmp).unlink(missing_ok=True)


def _title(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("# "):
                    return line[2:].strip()
    except OSError:
        pass
    return path.stem


def _plain(title: str) -> str:
    """A record's `# ` title line as plain text: Markdown backslash escapes and HTML entities
    undone (so a title Faultline escaped reads as it did), anything else kept as it is."""
    return html.unescape(_BACKSLASHED.sub(r"\1", title))


def render_index(folder: Path) -> str:
    """The index: every numbered record, linked, with the title line it carries."""
    lines = [MARKER, "", "# Architecture decision records", ""]
    for number, paths in sorted(numbered(folder).items()):
        for path in paths:
            title = escape_md(_plain(_title(path)))  # hand-written titles are text, not HTML
            lines.append(f"* [{number:04d}]({quote(path.name)}) {title}")
    lines += ["", "Records written by `faultline adr` start as proposed; "
              "edit them freely, Faultline never overwrites a record.", ""]
    return "\n".join(lines)


def write_index(folder: Path) -> Outcome | None:
    """Rewrite README.md when absent or Faultline's; None when nothing changed."""
    path = folder / INDEX
    text = render_index(folder)
    if os.path.lexists(path):
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return Outcome("skipped", path, "index", path)
        if not current.startswith(MARKER_TAG):
            return Outcome("skipped", path, "index (not written by Faultline)", path)
        if current == text:
            return None
        if path.is_symlink():
            return Outcome("skipped", path, "index (a symbolic link)", path)
        write_atomic(path, text)
        return Outcome("wrote", path, "index")
    try:
        write_new(path, text)
    except FileExistsError:
        return Outcome("skipped", path, "index", path)
    return Outcome("wrote", path, "index")
