"""Faultline's own files: the user cache folder and atomic writes."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(
    os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def user_cache_dir() -> Path:
    """Faultline's folder in the user cache: `$XDG_CACHE_HOME/faultline` or ~/.cache/faultline."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "faultline"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it.

    Text is written as UTF-8 with "\\n" line ends; bytes as they are. A new file gets the
    permissions the umask leaves (0666 & ~umask), a replaced file keeps its own. A symbolic
    link is followed, not replaced: its target is replaced. What is not a regular file (a
    FIFO, a device such as /dev/stdout) is opened and written to, as a shell's `>` does.
    An OSError names the file (or the folder it could not be created in).
    """
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    path = Path(path)
    try:
        info = os.stat(path)  # through a symbolic link
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _named(error, path) from None
    if info is None and path.is_symlink():  # to a file not there yet: create it, as `>` does
        _write_through(path, payload, os.O_CREAT)
        return
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a folder, not a file", str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(path, payload)
        return
    if info is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _named(error, path.parent) from None
    elif path.is_symlink():
        path = Path(os.path.realpath(path))  # the link stays; its target gets the content
    fd, tmp = new_temp_file(path)
    try:
        try:
            if info is not None:  # a replaced file keeps its permissions
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
            write_all(fd, payload, path)
        finally:
            os.close(fd)
        try:
            os.replace(tmp, path)
        except OSError as error:
            raise _named(error, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_temp_file(path: Path) -> tuple[int, str]:
    """A new, empty, open file beside `path` to write `path`'s content into before a rename.

    Created with mode 0666, so the umask sets its permissions as for any new file (mkstemp's
    0600 would make every output private). An OSError names `path`'s folder.
    """
    while True:
        tmp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as error:
            raise _named(error, path.parent) from None


def _write_through(path: Path, payload: bytes, flags: int = 0) -> None:
    """Open what `path` leads to and write `payload` into it (no rename)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | flags,
                     0o666)
    except OSError as error:
        raise _named(error, path) from None
    try:
        write_all(fd, payload, path)
    finally:
        os.close(fd)


def write_all(fd: int, payload: bytes, path: Path) -> None:
    """Write all of `payload` to `fd`; an OSError names `path`."""
    view = memoryview(payload)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError as error:
        raise _named(error, path) from None


def _named(error: OSError, path: Path) -> OSError:
    """`error` again (of the same class), naming `path` instead of a temporary file or of
    nothing at all (a full disk's error names no file)."""
    return OSError(error.errno, error.strerror or str(error), str(path))
