"""Path patterns for include/exclude settings (pure)."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase, translate
from functools import lru_cache


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a repo-relative path matches a pattern.

    A pattern without "/" is matched against every path component ("tests", "*_pb2.py");
    one with "/" against the whole path, where a trailing "/**" or "/" covers a folder.
    """
    component = _component_regex(patterns)
    if component is not None and any(component.match(part) for part in path.split("/")):
        return True
    for pattern in patterns:
        if "/" not in pattern:
            continue
        stripped = pattern.rstrip("/")
        if stripped.endswith("/**"):
            stripped = stripped[:-3]
        if fnmatchcase(path, stripped) or fnmatchcase(path, pattern):
            return True
        if path.startswith(stripped + "/") or fnmatchcase(path, stripped + "/*"):
            return True
    return False


@lru_cache(maxsize=64)
def _component_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled regex for all the patterns without "/" (matched per path component)."""
    simple = [translate(p) for p in patterns if "/" not in p]
    return re.compile("|".join(f"(?:{s})" for s in simple)) if simple else None
