"""Dependencies that code makes through strings rather than `import` lines, found statically.

Dotted paths in Django settings, `include("shop.urls")`, `import_string(...)`, Celery task
names, django-oscar's `get_class("basket.forms", ...)`, and `"app_label.Model"` references.
Pure: takes source text, never imports or runs it. Falls back to `tokenize` when `ast` cannot
parse newer syntax that grimp reads (PEP 695, t-strings).
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from analyzer.code.django_refs import (
    ENTRY_SETTINGS,
    FIELD_CALLS,
    MODEL_CALLS,
    MODULE_SETTINGS,
    PATH_SETTINGS,
    SIGNAL_CALLS,
    model_reference,
)
from analyzer.model import ENTRY_POINT, MODEL_REFERENCE, STRING_IMPORT

# Calls whose first argument names a module, so a bare top-level name counts.
_MODULE_CALLS = frozenset({"include", "import_module", "__import__"})
# Calls whose first argument is "module.attribute", so a top-level module counts.
_PATH_CALLS = frozenset({"import_string", "symbol_by_name"})
_LOADER_CALLS = frozenset({"get_class", "get_classes"})  # django-oscar: a module by its tail
_CALLS = _MODULE_CALLS | _PATH_CALLS | _LOADER_CALLS | MODEL_CALLS | FIELD_CALLS | SIGNAL_CALLS
_PATH = re.compile(r"\w+(?:\.\w+)*\Z")  # parts may start with a digit: 0001_initial
_SIMPLE_TOKEN = re.compile(r"[rRuU]?(['\"])([\w.]+)\1\Z")
# Names whose presence in a source lets a bare or top-level name, or a model label, count.
_LOOSE_HINTS = tuple(sorted(_MODULE_CALLS | _PATH_CALLS | MODULE_SETTINGS | PATH_SETTINGS))
_MODEL_HINTS = ("_MODEL", "sender", *sorted(MODEL_CALLS | FIELD_CALLS))
_STRING = re.compile(r"['\"]([\w.]+)(?=['\"])")  # the simple string literals, roughly


@dataclass(frozen=True, order=True)
class Reference:
    """A dependency of `importer` on internal module `imported`, made by a string on `line`."""

    importer: str
    imported: str
    kind: str  # STRING_IMPORT, MODEL_REFERENCE or ENTRY_POINT
    line: int


@dataclass(frozen=True)
class SuffixIndex:
    """Known modules by dotted tail, for loaders that name a module by its end (oscar)."""

    best: Mapping[str, str | None] = field(default_factory=dict)

    def resolve(self, tail: str) -> str | None:
        """The known module equal to `tail` or ending in `.tail`: the shallowest, if unique."""
        return self.best.get(tail)


def suffix_index(known: Iterable[str]) -> SuffixIndex:
    """Index `known` by every dotted tail; build once per analysis, pass to find_references."""
    by_tail: dict[str, list[str]] = defaultdict(list)
    for module in known:
        parts = module.split(".")
        for i in range(len(parts)):
            by_tail[".".join(parts[i:])].append(module)
    best: dict[str, str | None] = {}
    for tail, modules in by_tail.items():
        depth = min(m.count(".") for m in modules)
        shallowest = {m for m in modules if m.count(".") == depth}
        best[tail] = shallowest.pop() if len(shallowest) == 1 else None
    return SuffixIndex(best)


@dataclass(frozen=True)
class _Literal:
    """A string literal and where it stands: the call it is an argument of, the setting."""

    value: str
    line: int
    call: str | None = None  # last name of the call it is a direct argument of
    pos: int | None = None  # its index among that call's positional arguments
    keyword: str | None = None  # or the keyword it is passed as
    target: str | None = None  # the upper-case name whose assigned value holds it


def find_references(
    module: str,
    source: str,
    known: AbstractSet[str],
    labels: Mapping[str, str],
    index: SuffixIndex | None = None,
) -> list[Reference]:
    """The string references `module`'s source makes to `known` modules: sorted, deduplicated,
    never to `module` itself. `labels` comes from app_labels; `index` from suffix_index."""
    lines = _candidate_lines(source, known, labels, index)
    if lines == []:
        return []
    literals = _literals(source, lines)
    if index is None and any(lit.call in _LOADER_CALLS for lit in literals):
        index = suffix_index(known)
    found = set()
    for lit in literals:
        resolved = _classify(lit, module, known, labels, index or SuffixIndex())
        if resolved is not None and resolved[0] != module:
            found.add(Reference(module, resolved[0], resolved[1], lit.line))
    return sorted(found)


def _candidate_lines(
    source: str, known: AbstractSet[str], labels: Mapping[str, str], index: SuffixIndex | None
) -> list[int] | None:
    """Sorted lines holding a string that might name something; None: any line might.

    A cheap superset of what _classify accepts, from substrings and a regex, without parsing:
    most modules hold no such string, and the rest are walked only where they do.
    """
    models = bool(labels) and any(name in source for name in _MODEL_HINTS)
    loader = "get_class" in source
    if (models and any(name in source for name in FIELD_CALLS)) or (loader and index is None):
        return None  # "self" or a bare model name; a loader's tail without an index
    loose = any(name in source for name in _LOOSE_HINTS)
    tails = index.best if index is not None and loader else {}
    hints = labels if models else {}
    wanted = {v for v in set(_STRING.findall(source)) if _may_name(v, known, hints, tails, loose)}
    prose = _triple_quoted(source) if wanted else []
    lines, line, start = [], 1, 0
    for match in _STRING.finditer(source) if wanted else ():
        if match.group(1) in wanted and not _within(prose, match.start()):
            line += source.count("\n", start, match.start())
            start = match.start()
            lines.append(line)
    return lines


_TRIPLE = re.compile(r'"""|\'\'\'')


def _triple_quoted(source: str) -> list[tuple[int, int]]:
    """The spans of the triple-quoted strings (docstrings, doctests), as (start, end) offsets:
    a quote inside them is prose, not a literal of the code. [] when the triple quotes do not
    pair up (one inside a plain string, say): then nothing is passed over. A triple-quoted
    string that is itself one dotted path is a literal, and no span."""
    spans: list[tuple[int, int]] = []
    opened: re.Match[str] | None = None
    for mark in _TRIPLE.finditer(source):
        if opened is None:
            opened = mark
        elif mark.group() == opened.group():
            if _PATH.match(source, opened.end(), mark.start()) is None:
                spans.append((opened.start(), mark.end()))
            opened = None
    return [] if opened is not None else spans


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _may_name(
    value: str,
    known: AbstractSet[str],
    labels: Mapping[str, str],
    tails: Mapping[str, str | None],
    loose: bool,
) -> bool:
    """Whether a string might be a path to a known module, a model's label or a loader's tail."""
    head, dot, _ = value.rpartition(".")
    if (value in known and (dot or loose)) or (head in known and ("." in head or loose)):
        return True
    return value.partition(".")[0] in labels or tails.get(value) is not None


def _classify(
    lit: _Literal,
    module: str,
    known: AbstractSet[str],
    labels: Mapping[str, str],
    index: SuffixIndex,
) -> tuple[str, str] | None:
    """(imported module, kind) that one literal names, or None."""
    model = model_reference(lit.value, lit.call, lit.pos, lit.keyword, lit.target, module, labels)
    if model is not None:
        return model, MODEL_REFERENCE
    if lit.call in _LOADER_CALLS and lit.pos == 0:
        loaded = index.resolve(lit.value)
        if loaded is not None and loaded in known:
            return loaded, STRING_IMPORT
    path = _resolve_path(lit.value, known, _looseness(lit))
    if path is None:
        return None
    return path, ENTRY_POINT if lit.target in ENTRY_SETTINGS else STRING_IMPORT


def _looseness(lit: _Literal) -> int:
    """2: a bare module name counts; 1: "top.attribute" counts; 0: neither (anywhere else)."""
    first = lit.pos == 0
    if (first and lit.call in _MODULE_CALLS) or lit.target in MODULE_SETTINGS:
        return 2
    if (first and lit.call in _PATH_CALLS) or lit.target in PATH_SETTINGS:
        return 1
    return 0


def _resolve_path(value: str, known: AbstractSet[str], looseness: int) -> str | None:
    """The known module that a dotted path names: itself, or the module of its last attribute.

    Outside module contexts, a path must have a dot and an attribute's module must be dotted
    too: "label.Model", "app.perm" and "file.ext" do not name a top-level module.
    """
    if _PATH.match(value) is None:
        return None
    if "." not in value:
        return value if looseness >= 2 and value in known else None
    if value in known:
        return value
    head = value.rpartition(".")[0]
    return head if head in known and (looseness >= 1 or "." in head) else None


def _literals(source: str, lines: list[int] | None) -> list[_Literal]:
    """The string literals of `source` with their context; [] when it cannot be read."""
    try:
        return _ast_literals(ast.parse(source), lines)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    try:
        return _token_literals(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, tokenize.TokenError):
        return []


def _ast_literals(tree: ast.AST, lines: list[int] | None) -> list[_Literal]:
    """String literals from a parsed module, f-string parts left out."""
    calls: dict[int, tuple[str, int | None, str | None]] = {}
    targets: dict[int, str] = {}
    skip: set[int] = set()
    strings: list[ast.Constant] = []
    for node in _walk(tree, lines):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node)
        elif isinstance(node, ast.Call):
            _note_call(node, calls)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            _note_assign(node, targets)
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
    literals = []
    for node in strings:
        if id(node) not in skip:
            call, pos, keyword = calls.get(id(node), (None, None, None))
            target = targets.get(id(node))
            literals.append(_Literal(node.value, node.lineno, call, pos, keyword, target))
    return literals


def _walk(tree: ast.AST, lines: list[int] | None) -> Iterator[ast.AST]:
    """Like ast.walk, but skips statements that span none of `lines` (None: skip nothing)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if lines is None or not isinstance(child, ast.stmt) or _spans(child, lines):
                stack.append(child)


def _spans(node: ast.stmt, lines: list[int]) -> bool:
    """Whether the statement's lines, its decorators' included, hold one of sorted `lines`."""
    decorators = getattr(node, "decorator_list", None)
    i = bisect.bisect_left(lines, decorators[0].lineno if decorators else node.lineno)
    end = node.end_lineno if node.end_lineno is not None else node.lineno
    return i < len(lines) and lines[i] <= end


def _note_call(node: ast.Call, calls: dict[int, tuple[str, int | None, str | None]]) -> None:
    """Record the string arguments of a call that matters, by node id."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name not in _CALLS:
        return
    for pos, arg in enumerate(node.args):
        if isinstance(arg, ast.Starred):
            break
        calls[id(arg)] = (name, pos, None)
    for keyword in node.keywords:
        if keyword.arg is not None:
            calls[id(keyword.value)] = (name, None, keyword.arg)


def _note_assign(node: ast.Assign | ast.AugAssign | ast.AnnAssign, targets: dict[int, str]) -> None:
    """Record the strings assigned to an upper-case name (a setting), by node id."""
    names = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in names:
        name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
        if name and name.isupper() and node.value is not None:
            for sub in ast.walk(node.value):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    targets[id(sub)] = name
            return


def _token_literals(source: str) -> list[_Literal]:
    """String literals and their context from tokens alone, for text `ast` cannot parse."""
    literals: list[_Literal] = []
    frames: list[list] = []  # open brackets: [call name or None, positional index, keyword]
    target: str | None = None
    last: tokenize.TokenInfo | None = None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            continue
        if tok.type == tokenize.NEWLINE:
            frames, target, last = [], None, None
            continue
        if tok.type == tokenize.OP:
            target = _token_op(tok.string, last, frames, target)
        elif tok.type == tokenize.STRING:
            literal = _token_literal(tok, last, frames, target)
            if literal is not None:
                literals.append(literal)
        last = tok
    return literals


def _token_op(
    op: str, last: tokenize.TokenInfo | None, frames: list[list], target: str | None
) -> str | None:
    """Track brackets, argument positions and assignment targets; the target after `op`."""
    name = last.string if last is not None and last.type == tokenize.NAME else None
    if op in "([{":
        frames.append([name if op == "(" else None, 0, None])
    elif op in ")]}" and frames:
        frames.pop()
    elif op == "," and frames:
        frames[-1][1] += 1
        frames[-1][2] = None
    elif op == "=" and frames and name:
        frames[-1][2] = name
    elif op in ("=", "+=", ":") and not frames and name and name.isupper():
        return name
    return target


def _token_literal(
    tok: tokenize.TokenInfo, last: tokenize.TokenInfo | None, frames: list[list], target: str | None
) -> _Literal | None:
    """A plain string token as a literal; it is a call's argument when it opens that argument."""
    match = _SIMPLE_TOKEN.match(tok.string)
    if match is None:
        return None
    value, line = match.group(2), tok.start[0]
    direct = last is not None and last.string in ("(", ",", "=") and bool(frames)
    if not direct or frames[-1][0] is None:
        return _Literal(value, line, target=target)
    call, pos, keyword = frames[-1]
    return _Literal(value, line, call, None if keyword else pos, keyword, target)
