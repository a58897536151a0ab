"""Files that arrive through the app: each upload gets its own file, named by its content, so no upload
overwrites another (two `report.txt` from two folders stay two documents) and the same bytes uploaded again land
on the same path, where ingest knows them as unchanged."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

MAX_NAME = 120  # characters of a saved name; longer names lose the end of their stem, never their extension


def safe_filename(name: str) -> str:
    """An upload's name reduced to its last component, with only safe characters (never a path), at most
    MAX_NAME characters with its extension kept."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    if len(base) <= MAX_NAME:
        return base
    stem, suffix = os.path.splitext(base)
    suffix = suffix if len(suffix) <= 16 else ""
    return stem[: MAX_NAME - len(suffix)].rstrip("._") + suffix


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write one upload under `folder`/<first 16 hex digits of its SHA-256>/<safe name> and return the path;
    an identical upload already there is left as it is."""
    path = folder / hashlib.sha256(data).hexdigest()[:16] / safe_filename(name)
    if path.is_file() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)  # a reader never sees half a file
    return path
