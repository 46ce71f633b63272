"""Dependencies on the module that defines a name a package only passes on (pure).

A package's `__init__` often gathers its modules' names (`from .book import Book`), and the
code around imports the package: `from shop import models` then `models.Book`, or `from
shop.models import Book`. The import graph then shows every such module depending on the
package alone, so the modules that define books, lists and users look alike from outside,
and the code that uses them is tied to all of them at once through one hub: the domain is
lost and only the layer is left. Python itself loads `shop.models.book` for that `Book`:
this module finds, from the source text and the import lines grimp reported, which defining
module each imported or used name comes from. Never imports or runs anything.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

#: A package re-exporting more names than this is a facade of a whole library (sympy's
#: top package): its importers use a few of its names each, found one by one.
MAX_EXPORTS = 2000


def exported_names(package: str, source: str, known: AbstractSet[str]) -> dict[str, str]:
    """Name -> the known module (below or beside `package`) that defines it, for the names
    the package's `__init__` imports at its top level from a module: `from .book import Book`,
    `from shop.models.book import Book as Volume`. A name later bound again is dropped."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            origin = _resolve(package, True, node.module, node.level)
            if origin is None or origin == package:
                continue
            for alias in node.names:
                if alias.name == "*":
                    continue
                bound = alias.asname or alias.name
                # `from . import sub` binds the module itself, not a name defined in one
                if origin in known and f"{origin}.{alias.name}" not in known:
                    found[bound] = origin
                else:
                    found.pop(bound, None)
        elif isinstance(node, ast.Assign | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            for name in _bound(node):
                found.pop(name, None)
    return found if len(found) <= MAX_EXPORTS else {}


def _bound(node: ast.stmt) -> Iterable[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    return [node.name]  # type: ignore[attr-defined]


def _resolve(module: str, is_package: bool, target: str | None, level: int) -> str | None:
    """The absolute name an `import` in `module` means (relative ones resolved)."""
    if level == 0:
        return target
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if level > len(parts):  # climbs above the top-level package
        return None
    base = parts[:len(parts) - level + 1]
    return ".".join(base + ([target] if target else []))


def reexport_uses(
    importer: str, is_package: bool, source: str, lines: Iterable[int],
    package: str, exports: Mapping[str, str], text_lines: list[str] | None = None,
) -> dict[str, set[int]]:
    """Defining module -> lines, for the names `importer` takes from `package` (which
    re-exports `exports`) through the import statements on `lines`: names imported from it,
    and `alias.Name` uses of the package bound as `alias`. `text_lines`, when given, must be
    `source.splitlines()`."""
    text_lines = source.splitlines() if text_lines is None else text_lines
    found: dict[str, set[int]] = {}
    bound: dict[str, int] = {}
    for line in sorted(set(lines)):
        statement = _statement(text_lines, line)
        if statement is None:
            continue
        if isinstance(statement, ast.ImportFrom):
            origin = _resolve(importer, is_package, statement.module, statement.level)
            for alias in statement.names:
                if origin == package and alias.name in exports:
                    found.setdefault(exports[alias.name], set()).add(line)
                elif origin is not None and f"{origin}.{alias.name}" == package:
                    bound.setdefault(alias.asname or alias.name, line)
        else:
            for alias in statement.names:
                if alias.name == package:
                    bound.setdefault(alias.asname or alias.name, line)
    for name, line in bound.items():
        pattern = re.compile(r"(?<![\w.])" + re.escape(name) + r"\.([A-Za-z_]\w*)")
        for used in set(pattern.findall(source)):
            if used in exports:
                found.setdefault(exports[used], set()).add(line)
    return found


def _statement(text_lines: list[str], line: int) -> ast.Import | ast.ImportFrom | None:
    """The import statement starting on `line` (1-based), or None."""
    if not 0 < line <= len(text_lines):
        return None
    chunk = text_lines[line - 1].strip()
    more = line
    while (chunk.count("(") > chunk.count(")") or chunk.endswith("\\")) and more < len(
            text_lines) and more - line < 200:
        chunk = chunk.rstrip("\\") + "\n" + text_lines[more].strip()
        more += 1
    head = chunk.split(";")[0] if "(" not in chunk else chunk
    try:
        tree = ast.parse(head)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Import | ast.ImportFrom):
        return tree.body[0]
    return None


def reexport_dependencies(texts: Mapping[str, str], packages: AbstractSet[str],
                          imports: Iterable[tuple[str, str, tuple[int, ...]]]
                          ) -> dict[tuple[str, str], set[int]]:
    """(importer, defining module) -> import lines, for every import of a package that passes
    names on (`exported_names`). `packages`: the modules that are packages; `imports`:
    (importer, imported, lines) of the internal imports."""
    known = frozenset(texts)
    exports: dict[str, dict[str, str]] = {}
    found: dict[tuple[str, str], set[int]] = {}
    split: dict[str, list[str]] = {}  # an importer's lines, split once for all its packages
    for importer, imported, lines in imports:
        if imported not in packages or imported not in texts:
            continue
        if imported not in exports:
            exports[imported] = exported_names(imported, texts[imported], known)
        if not exports[imported] or importer not in texts:
            continue
        if importer not in split:
            split[importer] = texts[importer].splitlines()
        uses = reexport_uses(importer, importer in packages, texts[importer], lines,
                             imported, exports[imported], split[importer])
        for defining, where in uses.items():
            if defining != importer:
                found.setdefault((importer, defining), set()).update(where)
    return found
