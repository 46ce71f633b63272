"""Work done in a second process while this one goes on, where a second core is free.

The boundaries' re-cuts (stability) do not depend on the proposal they are compared with, so
they can run beside it. A forked child inherits the inputs as they are (nothing is copied up
front) and sends back only its result, pickled through a pipe. Where no child can help (one
core, no `fork`, `FAULTLINE_JOBS=1`) or the child fails, the work is done in this process
when its result is asked for: the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: `FAULTLINE_JOBS=1` keeps all the work in one process, 2 (or more) asks for a second one;
#: unset or 0: a second process when the machine has a second core for it.
JOBS_VARIABLE = "FAULTLINE_JOBS"


def wanted() -> bool:
    """Whether a second process is to be used: `fork` exists and `FAULTLINE_JOBS` asks for
    two or more, or is unset (or 0, or not a number) and two cores are usable."""
    if not hasattr(os, "fork"):
        return False
    setting = os.environ.get(JOBS_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting) > 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores > 1


def start(work: Callable[[], T]) -> Callable[[], T]:
    """Begin `work` in a forked child; the function returned waits for its value.

    If no child can be made, or it fails or dies, that function does the work itself."""
    if not wanted():
        return work
    try:
        reader, writer = os.pipe()
    except OSError:
        return work
    try:
        child = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return work
    if child == 0:  # pragma: no cover - the child's exit status is what the parent checks
        _child(work, reader, writer)
    os.close(writer)
    return lambda: _collect(work, child, reader)


def _child(work: Callable[[], object], reader: int, writer: int) -> None:
    """In the child: do the work, send it, and leave without running any exit handler."""
    status = 1
    try:
        os.close(reader)
        # Another thread of the parent may have held the terminal's locks at the fork:
        # the child writes nowhere but to its pipe.
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def _collect(work: Callable[[], T], child: int, reader: int) -> T:
    with os.fdopen(reader, "rb") as pipe:
        try:
            data = pipe.read()
        except OSError:
            data = b""
    try:
        _, status = os.waitpid(child, 0)
    except ChildProcessError:
        status = 1
    if status == 0 and data:
        try:
            return pickle.loads(data)
        except Exception:
            pass
    return work()
