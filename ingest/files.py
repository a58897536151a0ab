"""Opening files from folders nobody vetted: only regular files, checked before a byte of content is read.

A FIFO would block `open()` forever and a link to /dev/zero never ends, so the file is opened without blocking
and its type and size come from the open descriptor (no window between the check and the read).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from core.errors import IngestError

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def kind_of(mode: int) -> str:
    """'' for a regular file, else what the file is, in words."""
    if stat.S_ISREG(mode):
        return ""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def too_large(size: int, max_bytes: int) -> str:
    """The one message for a file over the size limit ('' when it is not): from a folder or an upload alike."""
    if size <= max_bytes:
        return ""
    return (f"file is too large ({size / 1e6:.0f} MB; the limit is {max_bytes // 2**20} MB, "
            "set RADAR_MAX_FILE_MB to raise it)")


def _open_regular(path: Path, max_bytes: int) -> tuple[int, os.stat_result]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    info = os.fstat(fd)
    kind = kind_of(info.st_mode)
    problem = (f"skipped: not a regular file but {kind}" if kind else
               "file is empty" if info.st_size == 0 else too_large(info.st_size, max_bytes))
    if problem:
        os.close(fd)
        raise IngestError(problem)
    return fd, info


def read_regular(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `max_bytes` (a file that grows while read is cut there) and its
    stat, from one open: ingest hashes, compares and parses the same bytes."""
    fd, info = _open_regular(path, max_bytes)
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read(min(info.st_size, max_bytes)), info
        except OSError as exc:
            raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
