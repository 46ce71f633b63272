"""What part of the history to read and what to leave out (the options, and the matchers of
their author and path patterns), and the checks that refuse refs and dates git would misread
(pure)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import time as time_of_day
from fnmatch import translate

from analyzer.errors import InputError
from analyzer.patterns import path_matcher
from analyzer.settings import DEFAULT_BOT_PATTERNS, DEFAULT_IGNORE_PATHS, DEFAULT_MAX_FILES

_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})"
                   r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
                   r"(?:(?P<sign>[+-])(?P<zh>\d{2}):?(?P<zm>\d{2})|Z)?$")


@dataclass(frozen=True)
class HistoryOptions:
    """Which part of the history to read and what to leave out."""

    rev: str | None = None
    since: str | None = None
    until: str | None = None
    first_parent: bool = False
    bot_patterns: tuple[str, ...] = DEFAULT_BOT_PATTERNS
    ignore_paths: tuple[str, ...] = DEFAULT_IGNORE_PATHS
    max_files: int = DEFAULT_MAX_FILES
    renames: bool = True


def check_options(options: HistoryOptions) -> None:
    """Refuse refs that look like options and dates git would misread."""
    if options.rev is not None and (options.rev.startswith("-") or not options.rev.strip()):
        raise InputError(f"'{options.rev}' is not a valid git revision; give a branch, tag, "
                         "commit or range such as main or v1.0..main.")
    for name in ("since", "until"):
        value = getattr(options, name)
        if value is not None and not _is_date(value):
            raise InputError(f"--{name} '{value}' is not a date; use YYYY-MM-DD "
                             "(optionally with a time, e.g. 2024-05-01T12:00).")
    if options.since and options.until and _reversed(options.since, options.until):
        raise InputError(f"--since {options.since} is after --until {options.until}: no commit "
                         "can be in that range; swap the two dates.")
    if options.max_files < 1:  # the settings' range starts at 2 (RANGES): coupling needs pairs
        raise InputError("The largest commit to count (max-files) must be at least 1.")


def _reversed(since: str, until: str) -> bool:
    """Whether the range starts after it ends (two checked dates; a bare date is its whole
    day). A date with a zone and one without are not compared: the local zone decides."""
    start, end = _moment(since, end=False), _moment(until, end=True)
    if (start.tzinfo is None) != (end.tzinfo is None):
        return False
    return start > end


def _moment(value: str, *, end: bool) -> datetime:
    found = _DATE.match(value)
    assert found is not None  # checked by _is_date
    second = found["second"] or "00"
    clock = (f"{found['hour']}:{found['minute']}:{second}" if found["hour"]
             else ("23:59:59" if end else "00:00:00"))
    zone = (f"{found['sign']}{found['zh']}:{found['zm']}" if found["sign"]
            else "+00:00" if value.endswith("Z") else "")
    return datetime.fromisoformat(f"{found['date']}T{clock}{zone}")


def _is_date(value: str) -> bool:
    """Whether `value` is a date (and time) in the shape git reads and one that exists: git
    reads 2024-13-45 as some other day rather than refusing it."""
    found = _DATE.match(value)
    if found is None:
        return False
    try:
        datetime.strptime(found["date"], "%Y-%m-%d")
        time_of_day(int(found["hour"] or 0), int(found["minute"] or 0),
                    int(found["second"] or 0))
        if found["sign"]:  # an offset of up to 23:59
            time_of_day(int(found["zh"]), int(found["zm"]))
    except ValueError:
        return False
    return True


def ignored_below(patterns: tuple[str, ...], inside: str) -> Callable[[str], bool]:
    """Whether `patterns` leave out a path git names (relative to the top), matched relative to
    the analysed folder `inside`; a path outside it (dropped later) is matched as it is."""
    is_ignored = path_matcher(patterns)
    if inside in ("", "."):
        return is_ignored
    prefix = inside.rstrip("/") + "/"
    cut = len(prefix)
    return lambda path: is_ignored(path[cut:] if path.startswith(prefix) else path)


def author_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """`fnmatchcase` against any of `patterns`, as one regular expression (author names and
    emails, not paths)."""
    if not patterns:
        return lambda _text: False
    match = re.compile("|".join(translate(pattern) for pattern in patterns)).match
    return lambda text: match(text) is not None
