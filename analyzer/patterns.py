"""Path patterns for include/exclude settings (pure)."""

from __future__ import annotations

from fnmatch import fnmatchcase


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a repo-relative path matches a pattern.

    A pattern without "/" is matched against every path component ("tests", "*_pb2.py");
    one with "/" against the whole path, where a trailing "/**" or "/" covers a folder.
    """
    parts = path.split("/")
    for pattern in patterns:
        if "/" not in pattern:
            if any(fnmatchcase(part, pattern) for part in parts):
                return True
            continue
        stripped = pattern.rstrip("/")
        if stripped.endswith("/**"):
            stripped = stripped[:-3]
        if fnmatchcase(path, stripped) or fnmatchcase(path, pattern):
            return True
        if path.startswith(stripped + "/") or fnmatchcase(path, stripped + "/*"):
            return True
    return False
