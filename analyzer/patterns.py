"""Path patterns with gitignore's rules (pure): the `include`, `exclude` and `ignore-paths`
settings, the default excludes and the test-file patterns.

Paths are relative to the analysed root, with "/" between folders. A pattern follows
gitignore(5):

- blank patterns and those starting with "#" are skipped; trailing spaces are dropped
  unless escaped;
- "!" first re-includes what an earlier pattern of the same list matched (the last pattern
  that matches decides), except below a folder that is left out: as in git, nothing inside
  it comes back;
- a trailing "/" matches folders only (and so everything below them);
- a "/" at the start or in the middle anchors the pattern at the root; without one it
  matches a name at any depth;
- "*" and "?" do not cross "/", "[a-z]" and "[!a-z]" are classes, "\\" escapes the next
  character; "**/" first, "/**/" in the middle and "/**" last stand for any number of
  folders, other runs of "*" for one "*".

A pattern that matches a folder matches everything below it. Every tuple of patterns is
compiled once into a few regular expressions; a path is decided with one match (a list with
"!" patterns takes one more per folder of a path that a pattern matches).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

#: Named in the history cache's key: a history summarised under other pattern rules is not
#: reused.
SYNTAX = "gitignore-1"

#: Any number of folders, from none: what comes before a pattern without "/" and what
#: "**/" and "/**/" stand for.
_ANY_FOLDERS = "(?:.+/)?"
#: The characters `escape` protects.
_SPECIAL = frozenset("\\*?[]!# ")
#: The POSIX classes git accepts inside brackets ("[[:digit:]]").
_POSIX = {"alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
          "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
          "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v", "upper": "A-Z",
          "xdigit": "0-9A-Fa-f"}


@dataclass(frozen=True)
class _Rule:
    body: str  # the pattern's regular expression
    anchored: bool  # matched from the root; otherwise from any folder down
    negated: bool
    folders_only: bool

    @property
    def regex(self) -> str:
        """Matches a whole path: the folder or file the pattern names."""
        return self.body if self.anchored else _ANY_FOLDERS + self.body


@dataclass(frozen=True)
class _Compiled:
    """One tuple of patterns, compiled."""

    any_file: re.Pattern[str] | None  # a positive rule matches the path or a folder above it
    any_folder: re.Pattern[str] | None  # the same for a folder
    # With "!" rules: each rule a group, the last rule first, so the group that matches is
    # the rule that decides; and whether that rule is a "!" one, by group number.
    last_file: re.Pattern[str] | None = None
    last_folder: re.Pattern[str] | None = None
    negated_file: tuple[bool, ...] = ()
    negated_folder: tuple[bool, ...] = ()


def matches(path: str, patterns: tuple[str, ...], *, folder: bool = False) -> bool:
    """Whether `patterns` select a root-relative path (`folder`: a folder's) as gitignore
    would ignore it."""
    return _decide(_compiled(tuple(patterns)), path, folder)


def path_matcher(patterns: tuple[str, ...], *, folder: bool = False) -> Callable[[str], bool]:
    """`matches` with the patterns bound, for loops over many paths."""
    compiled = _compiled(tuple(patterns))
    return lambda path: _decide(compiled, path, folder)


def escape(text: str) -> str:
    """`text` as a pattern that matches it literally ("x[1]" -> "x\\[1\\]")."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def _decide(compiled: _Compiled, path: str, folder: bool) -> bool:
    anywhere = compiled.any_folder if folder else compiled.any_file
    if anywhere is None or anywhere.fullmatch(path) is None:
        return False
    if compiled.last_folder is None:
        return True
    # Some "!" pattern may re-include: the folders from the top down, then the path itself;
    # the path is left out as soon as one of them is.
    end = path.find("/")
    while end != -1:
        if _last_is_positive(compiled.last_folder, compiled.negated_folder, path[:end]):
            return True
        end = path.find("/", end + 1)
    if folder:
        return _last_is_positive(compiled.last_folder, compiled.negated_folder, path)
    return _last_is_positive(compiled.last_file, compiled.negated_file, path)


def _last_is_positive(last: re.Pattern[str] | None, negated: tuple[bool, ...],
                      path: str) -> bool:
    found = last.fullmatch(path) if last is not None else None
    return found is not None and not negated[found.lastindex or 0]


@lru_cache(maxsize=128)
def _compiled(patterns: tuple[str, ...]) -> _Compiled:
    rules = [rule for rule in map(_rule, patterns) if rule is not None]
    positive = [rule for rule in rules if not rule.negated]
    any_file = _anywhere(positive, on_files=True)
    any_folder = _anywhere(positive, on_files=False)
    if len(positive) == len(rules):
        return _Compiled(any_file, any_folder)
    on_files = [rule for rule in reversed(rules) if not rule.folders_only]
    on_folders = list(reversed(rules))
    return _Compiled(
        any_file, any_folder,
        last_file=_either([f"({r.regex})" for r in on_files]),
        last_folder=_either([f"({r.regex})" for r in on_folders]),
        negated_file=(False, *(r.negated for r in on_files)),
        negated_folder=(False, *(r.negated for r in on_folders)))


def _anywhere(rules: list[_Rule], *, on_files: bool) -> re.Pattern[str] | None:
    """Matches a path that one of `rules` names, or that lies below a folder one names. The
    rules without "/" share one prefix (any folders): one pass over the path tries them all."""
    parts = []
    for anchored in (False, True):
        for folders_only in (False, True):
            bodies = [r.body for r in rules
                      if r.anchored is anchored and r.folders_only is folders_only]
            if bodies:
                below = "/.*" if folders_only and on_files else "(?:/.*)?"
                start = "" if anchored else _ANY_FOLDERS
                parts.append(f"{start}(?:{'|'.join(bodies)}){below}")
    return _either(parts)


def _either(alternatives: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(alternatives), re.DOTALL) if alternatives else None


def _rule(pattern: str) -> _Rule | None:
    """One pattern as a rule, or None for a blank line, a comment, or a pattern that can match
    nothing (a trailing lone backslash, an unclosed "[", as in git)."""
    text = _without_trailing_spaces(pattern)
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated:
        text = text[1:]
    folders_only = text.endswith("/")
    if folders_only:
        text = text[:-1]
    anchored = "/" in text
    text = text.removeprefix("/")
    if not text:
        return None
    body = _translate(text)
    if body is None:
        return None
    return _Rule(body, anchored, negated, folders_only)


def _without_trailing_spaces(pattern: str) -> str:
    text = pattern.rstrip(" ")
    if len(text) < len(pattern) and _ends_escaped(text):
        text += " "  # "\ " keeps one space
    return text


def _ends_escaped(text: str) -> bool:
    """Whether the last character of `text` is an unescaped backslash."""
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _translate(text: str) -> str | None:
    """The regular expression of a pattern's path part (no "!", no trailing "/")."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 == n:
                return None
            out.append(re.escape(text[i + 1]))
            i += 2
        elif c == "*":
            start = i
            while i < n and text[i] == "*":
                i += 1
            whole = ((start == 0 or text[start - 1] == "/") and i - start > 1
                     and (i == n or text.startswith(("/", "\\/"), i)))
            if not whole:
                out.append("[^/]*")
            elif i == n:
                out.append(".+")  # "a/**": everything inside; "**" alone: everything
            elif text[i] == "/":
                out.append(_ANY_FOLDERS)  # "**/" first or "/**/"
                i += 1
            else:
                out.append(".*")  # before an escaped "/", git lets "**" cross folders
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            parsed = _bracket(text, i + 1)
            if parsed is None:
                return None
            class_regex, i = parsed
            out.append(class_regex)
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _bracket(text: str, i: int) -> tuple[str, int] | None:
    """The class that starts at `text[i]` (just past "[") and where it ends; None when it is
    not closed or names an unknown POSIX class. A class never matches "/"."""
    negated = i < len(text) and text[i] in "!^"
    if negated:
        i += 1
    parts: list[str] = []
    first = True
    while i < len(text):
        c = text[i]
        if c == "]" and not first:
            members = "".join(parts)
            if negated:
                return f"[^/{members}]", i + 1
            return (f"(?!/)[{members}]" if members else "(?!)"), i + 1
        first = False
        if text.startswith("[:", i):  # "[:digit:]"; without ":]" before any "]", a "["
            close = text.find("]", i + 2)
            if close == -1:
                return None
            if close - 1 >= i + 2 and text[close - 1] == ":":
                name = text[i + 2:close - 1]
                if name not in _POSIX:
                    return None
                parts.append(_POSIX[name])
                i = close + 1
                continue
        low, i = _class_char(text, i)
        if low is None:
            return None
        if i + 1 < len(text) and text[i] == "-" and text[i + 1] != "]":
            high, i = _class_char(text, i + 1)
            if high is None:
                return None
            if low <= high:  # a reversed range matches nothing
                parts.append(f"{_in_class(low)}-{_in_class(high)}")
            continue
        parts.append(_in_class(low))
    return None


def _class_char(text: str, i: int) -> tuple[str | None, int]:
    """The character at `text[i]` inside a class ("\\]" is "]") and the index after it."""
    if text[i] == "\\":
        return (text[i + 1], i + 2) if i + 1 < len(text) else (None, i + 1)
    return text[i], i + 1


def _in_class(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c
