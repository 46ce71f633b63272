"""Which folders are source roots: the reading under which the code's own absolute imports
resolve (reads file text only; nothing is imported).

A Django project often keeps `manage.py` and its apps in a subfolder without `__init__.py`
(`proj/manage.py`, `proj/inventory/...`, code doing `from inventory.models import ...`). Read
from the repository root, that folder is one namespace package `proj` and none of those
imports resolves. So every folder that could be a source root is scored by how many of the
absolute imports in the repository name one of its top-level packages, and a subfolder
becomes a root when it resolves more of them than its parent's reading does.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from analyzer.code import scancache
from analyzer.model import AnalysisWarning
from analyzer.patterns import matches
from analyzer.settings import Settings

#: Folders tried as source roots besides the repository root itself.
CONVENTIONAL_ROOTS = ("src", "lib", "python")
#: How deep below the repository root a nested source root is looked for.
MAX_DEPTH = 3
#: Files larger than this are not scanned for imports (generated tables, vendored bundles).
MAX_SCAN_BYTES = 1 << 20

# At a line's start: matched after a literal newline (the text is given one in front), which
# lets the regex engine skip ahead; "^" with re.M tries every position (twice the time).
_IMPORT = re.compile(
    rb"\n[ \t]*(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([^\n#;]+))")
_NAME = re.compile(r"[A-Za-z_]\w*")


def import_heads(root: Path, settings: Settings, cache: bool = False) -> Counter[str]:
    """How often each top-level name is imported absolutely, over the repository's files.

    `cache=True` takes each file's names from the last count when its size, modification and
    change times and inode are the same (the scan cache's folder), as git's index does."""
    known = scancache.load_keyed(str(root), "heads", scancache.heads_fit) if cache else {}
    counted: dict[str, tuple] = {}
    heads: Counter[str] = Counter()
    for path in _python_files(root, settings):
        try:
            info = path.stat()
        except OSError:
            continue
        if info.st_size > MAX_SCAN_BYTES:
            continue
        where = str(path)
        stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        before = known.get(where)
        if before is not None and before[0] == stamp:
            found = before[1]
        else:
            try:
                found = _heads_of(path.read_bytes())
            except OSError:
                continue
        counted[where] = (stamp, found)
        heads.update(dict(found))
    if cache and counted != known:
        scancache.save_keyed(str(root), "heads", counted)
    return heads


def _heads_of(data: bytes) -> tuple[tuple[str, int], ...]:
    """(top-level name, how often it is imported absolutely) in one file's bytes, sorted."""
    heads: Counter[str] = Counter()
    for match in _IMPORT.finditer(b"\n" + data):
        if match.group(1):
            heads[match.group(1).decode()] += 1
            continue
        for part in match.group(2).decode("utf-8", "replace").split(","):
            name = _NAME.match(part.strip())
            if name:
                heads[name.group(0)] += 1
    return tuple(sorted(heads.items()))


def top_level_names(folder: Path) -> set[str]:
    """Names importable from `folder` as a source root: packages (with or without
    `__init__.py`, when they hold Python files) and top-level modules."""
    names = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names
    for entry in entries:
        if entry.is_file() and entry.name.endswith(".py") and entry.name[:-3].isidentifier():
            names.add(entry.name[:-3])
        elif (entry.is_dir(follow_symlinks=False) and entry.name.isidentifier()
              and _holds_python(Path(entry.path))):
            names.add(entry.name)
    return names


def choose_roots(root: Path, settings: Settings, heads: Counter[str]) -> list[Path]:
    """The source roots: the repository root, the conventional ones, and every nested folder
    that resolves more absolute imports as a root than its parent's reading resolves."""
    roots = [root]
    for name in CONVENTIONAL_ROOTS:
        candidate = root / name
        if candidate.is_dir() and not (candidate / "__init__.py").exists():
            roots.append(candidate)
    for candidate in _candidates(root, settings):
        if candidate in roots:
            continue
        parent = max((r for r in roots if _is_below(candidate, r)), key=lambda r: len(r.parts))
        first = candidate.relative_to(parent).parts[0]
        from_parent = heads[first] if first.isidentifier() else 0
        as_root = _resolves(candidate, heads)
        # `awxkit/awxkit/__init__.py`: from the parent, `awxkit.api` would have to be
        # `awxkit/api`; the same count of imports resolves only as the candidate reads it.
        own = first == candidate.name and (candidate / first / "__init__.py").is_file()
        if (as_root > from_parent or (own and as_root == from_parent)) \
                and as_root >= _MIN_RESOLVED:
            roots.append(candidate)
    return roots


#: A nested root must resolve at least this many imports: one stray script is not a project.
_MIN_RESOLVED = 3


def _resolves(folder: Path, heads: Counter[str]) -> int:
    """Imports whose first name is a top-level name of `folder` (standard-library names, which
    a stray `json.py` would otherwise claim, do not count)."""
    return sum(heads[name] for name in top_level_names(folder)
               if name not in sys.stdlib_module_names)


def _candidates(root: Path, settings: Settings) -> list[Path]:
    """Folders without `__init__.py` up to MAX_DEPTH below the root that hold a `manage.py`
    or packages of their own, shallowest first."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        depth = len(folder.relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not matches(_relative(root, folder / d), settings.excludes,
                                             folder=True))
        if depth >= MAX_DEPTH:
            dirnames[:] = []
        if depth == 0 or "__init__.py" in filenames:
            continue
        if "manage.py" in filenames or any(
                (folder / d / "__init__.py").is_file() for d in dirnames):
            found.append(folder)
    return sorted(found, key=lambda f: (len(f.parts), str(f)))


def _holds_python(folder: Path) -> bool:
    for _dirpath, dirnames, filenames in os.walk(folder):
        if any(f.endswith(".py") for f in filenames):
            return True
        dirnames[:] = [d for d in dirnames if d.isidentifier()]
    return False


def _python_files(root: Path, settings: Settings) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")
                       and not matches(_relative(root, folder / d), settings.excludes,
                                       folder=True)]
        for name in filenames:
            if name.endswith(".py"):
                yield folder / name


def _is_below(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def _relative(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return "" if rel == "." else rel


#: Warn when imports of an unanalysed folder reach this share of the resolved ones.
UNRESOLVED_SHARE = 0.1


def unresolved_warnings(root: Path, roots: list[Path], heads: Counter[str],
                        analysed: set[str], settings: Settings) -> list[AnalysisWarning]:
    """A warning for each repository folder that many absolute imports name but that no
    source root reads as a package, with the setting that fixes it."""
    resolved = sum(heads[name] for name in analysed)
    warnings = []
    for folder in [*_candidates(root, settings), root]:
        for name in sorted(top_level_names(folder) - analysed):
            count = heads[name]
            if (count < _MIN_RESOLVED or name in sys.stdlib_module_names
                    or count < UNRESOLVED_SHARE * max(resolved, 1) or folder in roots):
                continue
            where = _relative(root, folder) or "."
            warnings.append(AnalysisWarning(
                "unresolved-imports", _relative(root, folder / name),
                f"{count} absolute imports name '{name}', which lies in '{where}' but is not "
                f"analysed; add source-roots = [\"{where}\"] to [tool.faultline] (or pass "
                "--source-root) to analyse it."))
    return warnings
