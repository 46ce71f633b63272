"""Which Python packages a repository holds, and which of their files to analyse.

Handles flat and `src/` layouts, several top-level packages and namespace packages, and
applies include/exclude patterns. Files git ignores (`.gitignore`) are left out, as git
leaves them out (`analyzer.code.ignored`). Reads directory listings only: no code is imported.
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from analyzer.code.ignored import NOTHING_IGNORED, Ignored, ignored_paths
from analyzer.code.layout import (
    CONVENTIONAL_ROOTS,
    choose_roots,
    import_heads,
    unresolved_warnings,
)
from analyzer.errors import InputError, NoPackagesError
from analyzer.model import AnalysisWarning
from analyzer.patterns import escape, matches
from analyzer.settings import TEST_PATTERNS, Settings


@dataclass(frozen=True, order=True)
class SourceFile:
    """One Python file to analyse: its dotted module name and where it lives."""

    module: str
    path: str  # relative to the repository root, forward slashes
    is_package: bool  # an __init__.py


@dataclass(frozen=True, order=True)
class Package:
    """A top-level package (regular or namespace) inside one source root."""

    name: str
    directory: str  # absolute
    namespace: bool
    files: tuple[SourceFile, ...]
    namespace_dirs: tuple[str, ...]  # dotted names of folders without __init__.py


@dataclass(frozen=True)
class Layout:
    """What discovery found in a repository."""

    root: str
    source_roots: tuple[str, ...]
    packages: tuple[Package, ...]
    warnings: tuple[AnalysisWarning, ...]
    #: Python files the default excludes left out, by kind (migrations, tests): one line in
    #: the summary instead of a warning per file.
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return tuple(sorted(f for package in self.packages for f in package.files))


def check_repo_path(path: Path) -> Path:
    """The resolved folder to analyse, or an InputError saying why it cannot be used."""
    if not path.exists():
        raise InputError(f"Path '{path}' does not exist; give the folder of a Python repository.")
    if not path.is_dir():
        raise InputError(f"Path '{path}' is a file, not a folder; give the repository's folder.")
    if not os.access(path, os.R_OK | os.X_OK):
        raise InputError(f"Folder '{path}' cannot be read; check its permissions.")
    if _is_git_dir(path):
        if path.resolve().name == ".git":
            raise InputError(f"'{path}' is the .git folder of a repository; give the "
                             "repository's folder (the one holding it).")
        raise InputError(
            f"'{path}' is a bare git repository: it holds git's history but no checked-out "
            "files to analyse. Clone it and analyse the clone: "
            f"`git clone {path} work && faultline analyze work`."
        )
    return path.resolve()


def _is_git_dir(path: Path) -> bool:
    """Whether `path` is a git folder itself (a bare repository, or a `.git`), the way git
    recognises one: a HEAD file beside `objects` and `refs` folders."""
    return ((path / "HEAD").is_file() and (path / "objects").is_dir()
            and (path / "refs").is_dir())


def discover(root: Path, settings: Settings, cache: bool = False,
             gitignore: bool = True) -> Layout:
    """Find the packages to analyse under `root`, applying the settings' patterns.

    `cache=True` counts the imports that choose the source roots with the scan cache.
    `gitignore=False` applies no ignore rule of a repository around `root` (a commit's tree
    exported to a temporary folder: all of it is tracked, and the folder may sit inside
    another work tree)."""
    root = check_repo_path(root)
    warnings: list[AnalysisWarning] = []
    ignored = ignored_paths(root) if gitignore else NOTHING_IGNORED
    if ignored.problem:
        warnings.append(AnalysisWarning("gitignore-unread", ".", ignored.problem))
    settings = _leaving_out(settings, ignored)
    heads = import_heads(root, settings, cache)
    roots = _source_roots(root, settings, heads)
    packages: dict[tuple[str, str], Package] = {}
    left_out: Counter[str] = Counter()
    seen_regular: dict[str, str] = {}
    used: set[Path] = set()  # the roots a package is analysed from
    for source_root in roots:
        for name, namespace in _top_level_packages(root, source_root, settings, roots, heads,
                                                   left_out):
            if settings.packages and name not in settings.packages:
                continue
            where = _relative(root, source_root / name)
            if name in seen_regular or (not namespace and any(k[0] == name for k in packages)):
                warnings.append(AnalysisWarning(
                    "duplicate-package", where,
                    f"Package '{name}' is also found at '{seen_regular.get(name, '?')}'; "
                    "only the first one is analysed.",
                ))
                continue
            package = _walk_package(root, source_root, name, namespace, settings, warnings,
                                    left_out, ignored,
                                    other_roots=frozenset(map(str, roots)) - {str(source_root)})
            if package.files:
                packages[(name, package.directory)] = package
                used.add(source_root)
                if not namespace:
                    seen_regular[name] = where
    missing = sorted(set(settings.packages) - {name for name, _ in packages})
    if missing:
        raise NoPackagesError(
            f"Package '{missing[0]}' named in the settings was not found under '{root}'; "
            "check --package and --source-root (the 'packages' and 'source-roots' settings)."
        )
    if not packages:
        raise NoPackagesError(
            f"No Python package found in '{root}' (looked in "
            f"{', '.join(_relative(root, r) or '.' for r in roots)}); point Faultline at a "
            "repository with a package folder (one holding __init__.py), or set 'source-roots' "
            "and 'include' in [tool.faultline]."
        )
    if not settings.source_roots and not settings.packages:
        warnings.extend(unresolved_warnings(root, roots, heads, {n for n, _ in packages},
                                            settings))
    shown = roots if settings.source_roots else [r for r in roots if r in used]
    return Layout(
        root=str(root),
        source_roots=tuple(_relative(root, r) or "." for r in shown),
        packages=tuple(sorted(packages.values())),
        warnings=tuple(sorted(warnings)),
        left_out=dict(sorted(left_out.items())),
    )


def _leaving_out(settings: Settings, ignored: Ignored) -> Settings:
    """The settings with the ignored folders added to the exclude patterns, for the walks
    here and in `analyzer.code.layout`, so no folder git ignores is read. Each is anchored at
    the root ("/build/" only matches the top-level build) and escaped. Folders the patterns
    already leave out (`__pycache__`, `.venv`) are not added again. Ignored files are left out
    by `_walk_package`."""
    extra = tuple(f"/{escape(folder)}/" for folder in sorted(ignored.folders)
                  if not matches(folder, settings.excludes, folder=True))
    return replace(settings, exclude=settings.exclude + extra) if extra else settings


def _source_roots(root: Path, settings: Settings, heads: Counter[str]) -> list[Path]:
    if settings.source_roots:
        roots = []
        for given in settings.source_roots:
            try:
                candidate = (root / given).resolve()
            except (RuntimeError, OSError):  # a symlink loop
                candidate = None
            if candidate is None or not candidate.is_dir() or not _inside(root, candidate):
                raise InputError(
                    f"Source root '{given}' is not a folder inside '{root}'; "
                    "fix --source-root (the 'source-roots' setting)."
                )
            roots.append(candidate)
        return roots
    return choose_roots(root, settings, heads)


def _top_level_packages(
    root: Path, source_root: Path, settings: Settings, roots: list[Path], heads: Counter[str],
    left_out: Counter[str],
) -> list[tuple[str, bool]]:
    found = []
    for entry in sorted(os.scandir(source_root), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False) or not entry.name.isidentifier():
            continue
        if Path(entry.path) in roots:
            continue
        if source_root == root and entry.name in CONVENTIONAL_ROOTS and not os.path.exists(
            os.path.join(entry.path, "__init__.py")
        ):
            continue
        where = _relative(root, Path(entry.path))
        if matches(where, settings.excludes, folder=True):
            kind = _counted_kind(where, folder=True) if settings.default_excludes else None
            if kind:  # a top-level tests/ folder, say
                left_out[kind] += _python_files_below(Path(entry.path))
            continue
        if os.path.isfile(os.path.join(entry.path, "__init__.py")):
            found.append((entry.name, False))
        elif _holds_regular_package(Path(entry.path)) or (
                heads[entry.name] and _holds_modules(Path(entry.path))):
            found.append((entry.name, True))  # PEP 420: imported by name, no __init__.py
    return found


def _holds_regular_package(folder: Path) -> bool:
    """A folder without __init__.py is a namespace package if a package lies below it."""
    for dirpath, dirnames, filenames in os.walk(folder):
        if dirpath != str(folder) and "__init__.py" in filenames:
            return True
        dirnames[:] = [d for d in dirnames if d.isidentifier()]
    return False


def _counted_kind(path: str, folder: bool = False) -> str | None:
    """The kind a left-out path is counted under in the summary: migrations or tests."""
    if folder and path.rpartition("/")[2] == "migrations":
        return "migrations"
    return "tests" if matches(path, TEST_PATTERNS, folder=folder) else None


def _python_files_below(folder: Path) -> int:
    return sum(name.endswith(".py") for _dirpath, _dirs, files in os.walk(folder)
               for name in files)


def _holds_modules(folder: Path) -> bool:
    """Whether a folder without __init__.py holds Python modules (at any depth)."""
    for _dirpath, dirnames, filenames in os.walk(folder):
        if any(f.endswith(".py") for f in filenames):
            return True
        dirnames[:] = [d for d in dirnames if d.isidentifier()]
    return False


def _walk_package(
    root: Path,
    source_root: Path,
    name: str,
    namespace: bool,
    settings: Settings,
    warnings: list[AnalysisWarning],
    left_out: Counter[str],
    ignored: Ignored = NOTHING_IGNORED,
    other_roots: frozenset[str] = frozenset(),
) -> Package:
    """The package `name` of `source_root`. A folder that is another source root is not
    walked: its files are modules of that root (`proj/manage.py` beside `proj/shop/`), and
    read from here as well they would be counted twice, under two names."""
    top = source_root / name
    files: list[SourceFile] = []
    namespace_dirs: list[str] = []
    unnamed: dict[str, list[str]] = {}  # folder -> its files whose names are no module names
    for dirpath, dirnames, filenames in os.walk(top):
        folder = Path(dirpath)
        rel_folder = _relative(root, folder)
        dotted = ".".join(folder.relative_to(source_root).parts)
        if settings.default_excludes:
            for d in dirnames:
                kind = _counted_kind(f"{rel_folder}/{d}", folder=True)
                if kind and matches(f"{rel_folder}/{d}", settings.excludes, folder=True):
                    left_out[kind] += _python_files_below(Path(dirpath) / d)
        dirnames[:] = sorted(
            d for d in dirnames
            if d.isidentifier()
            and not os.path.islink(os.path.join(dirpath, d))
            and os.path.join(dirpath, d) not in other_roots
            and not matches(f"{rel_folder}/{d}", settings.excludes, folder=True)
        )
        if "__init__.py" not in filenames:
            namespace_dirs.append(dotted)
        for filename in sorted(filenames):
            if not filename.endswith(".py") or filename.startswith("."):
                continue
            rel = f"{rel_folder}/{filename}"
            stem = filename[:-3]
            if matches(rel, settings.excludes) or rel in ignored.files:
                if settings.default_excludes and rel not in ignored.files:
                    kind = _counted_kind(rel)
                    left_out.update([kind] if kind else [])
                continue
            if not stem.isidentifier():
                if folder.name == "migrations":  # 0001_initial.py: Django loads them by path
                    left_out["migrations"] += 1
                else:
                    unnamed.setdefault(rel_folder, []).append(filename)
                continue
            if settings.include and not matches(rel, settings.include) and stem != "__init__":
                continue
            full = folder / filename
            if full.is_symlink():
                problem = _symlink_problem(root, full)
                if problem is not None:
                    warnings.append(AnalysisWarning(problem[0], rel, problem[1]))
                    continue
            is_package = stem == "__init__"
            module = dotted if is_package else f"{dotted}.{stem}"
            files.append(SourceFile(module=module, path=rel, is_package=is_package))
    warnings.extend(_unnamed_warning(folder, names) for folder, names in unnamed.items())
    if settings.include:
        files = _drop_unused_inits(files)
    return Package(
        name=name,
        directory=str(top),
        namespace=namespace,
        files=tuple(sorted(files)),
        namespace_dirs=tuple(sorted(namespace_dirs)),
    )


def _unnamed_warning(folder: str, names: list[str]) -> AnalysisWarning:
    """One warning for the files of a folder whose names no import statement can name
    (`add-user.py`: Django loads such management commands by name, through importlib)."""
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return AnalysisWarning(
        "not-a-module-name", folder,
        f"{len(names)} file(s) here have names that are not valid module names ({shown}): "
        "no import statement can name them (only importlib can), so they are left out of the "
        "graph.")


def _symlink_problem(root: Path, link: Path) -> tuple[str, str] | None:
    """Why a symbolic link to a module is skipped (a warning's code and message), or None.

    A link that leads back to itself (`self.py -> self.py`, or a ring of links) or to nothing
    is no file to read; one that leads out of the repository is left alone.
    """
    loop = ("symlink-loop", "Symbolic link leads back to itself (a loop); skipped.")
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # how Python before 3.13 reports a loop
        return loop
    except OSError as error:
        if error.errno == errno.ELOOP:
            return loop
        return ("symlink-broken", "Symbolic link points to a file that does not exist; skipped.")
    if not _inside(root, target):
        return ("symlink-outside", "Symbolic link points outside the repository; skipped.")
    if not target.is_file():
        return ("symlink-broken", "Symbolic link does not point to a file; skipped.")
    return None


def _drop_unused_inits(files: list[SourceFile]) -> list[SourceFile]:
    """With include patterns, keep an __init__.py only above an included module."""
    modules = [f.module for f in files if not f.is_package]
    return [
        f for f in files
        if not f.is_package or any(m.startswith(f.module + ".") for m in modules)
    ]


def _inside(root: Path, path: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _relative(root: Path, path: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return "" if rel == "." else rel
