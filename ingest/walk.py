"""Which files an ingest reads: folders walked in order, hidden files, unsupported types, special files and
symbolic links out of the folders given are reported, never opened."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ingest.files import kind_of
from ingest.readers import SUPPORTED_EXTENSIONS


def walk(paths: Iterable[str], follow_links: bool = False) -> Iterator[tuple[str, Path | None, str]]:
    """(display path, file, error) for every candidate file; loops and unreadable folders become errors.

    A symbolic link inside a folder is followed only when it stays inside the folders given (a leaked dump can
    hold `passwd.txt -> /etc/passwd`), unless `follow_links`. FIFOs, devices and sockets are skipped here, before
    anything opens them."""
    roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    for given in paths:
        root = Path(given)
        try:
            is_dir = root.is_dir()
            exists = root.exists()
        except OSError as exc:  # ELOOP on a symlink loop, EACCES...
            yield given, None, f"cannot open: {exc.strerror or exc}"
            continue
        if not exists:
            yield given, None, "no such file or folder" if not root.is_symlink() else "broken or looping symlink"
            continue
        if not is_dir:
            yield given, root, ""
            continue
        yield from _walk_folder(root, roots, follow_links)


def _walk_folder(root: Path, roots: list[str], follow_links: bool) -> Iterator[tuple[str, Path | None, str]]:
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=None):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            yield folder, None, "symlink loop: this folder was already visited, skipped"
            continue
        seen.add(real)
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            outside = _outside(os.path.join(folder, name), roots, follow_links)
            if outside:
                yield os.path.join(folder, name), None, outside
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith(".") or name in {"MANIFEST.tsv"}:
                continue
            full = os.path.join(folder, name)
            problem = (_outside(full, roots, follow_links) or _not_regular(full)
                       or _unsupported(name))
            yield (full, None, problem) if problem else (full, Path(full), "")


def _outside(path: str, roots: list[str], follow_links: bool) -> str:
    if follow_links or not os.path.islink(path):
        return ""
    target = os.path.realpath(path)
    if any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
        return ""
    return (f"skipped: symbolic link to {target}, outside the folders given "
            "(name that place on the command line, or use --follow-links)")


def _not_regular(path: str) -> str:
    try:
        kind = kind_of(os.stat(path).st_mode)
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    return f"skipped: not a regular file but {kind}" if kind else ""


def _unsupported(name: str) -> str:
    suffix = Path(name).suffix
    return "" if suffix.lower() in SUPPORTED_EXTENSIONS else f"skipped: unsupported file type {suffix or '(none)'}"
