"""Metadata a person gives for a file, which wins over what Radar reads in its text: a sidecar beside it
(`report.pdf.json` or `report.json`, `.yml`/`.yaml` alike) or a row of a manifest passed with
`radar ingest --metadata FILE.tsv`. What a journalist prints (date, source, link) must be the document's own."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import IngestError
from core.filters import real_date

FIELDS = ("title", "date", "source", "doc_type", "author", "addressee", "url", "licence")
_ALIASES = {"type": "doc_type", "license": "licence", "link": "url", "publisher": "source",
            "path": "file", "filename": "file"}
_LEADING_DATE = re.compile(r"^\s*(?:c\.\s*|ca\.\s*)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?!\d)")
_LINK = re.compile(r"^(?:https?://|github:|doi:)", re.I)
MAX_SIDECAR_BYTES = 1_000_000


class MetadataFileError(IngestError):
    """A sidecar or manifest that cannot be read as metadata."""


@dataclass(frozen=True)
class Given:
    title: str = ""
    date: str = ""
    source: str = ""
    doc_type: str = ""
    author: str = ""
    addressee: str = ""
    url: str = ""
    licence: str = ""

    def extra(self) -> dict[str, str]:
        """What goes beside the document's own metadata (author, addressee, url, licence), when given."""
        return {k: v for k, v in asdict(self).items() if v and k in ("author", "addressee", "url", "licence")}

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)


def given_from(values: dict, where: str) -> Given:
    """A mapping's metadata: known keys only (aliases accepted), dates read from their start ('c. 2019' is 2019,
    '2023-09-29 (answer 2024-01-08)' is 2023-09-29; 'n.d.' is undated), a source that is a link kept as the url."""
    if not isinstance(values, dict):
        raise MetadataFileError(f"{where} is not a list of fields (name: value)")
    out: dict[str, str] = {}
    for key, value in values.items():
        name = _ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name in FIELDS and value is not None and str(value).strip():
            out[name] = " ".join(str(value).split())[:1000]
    match = _LEADING_DATE.match(out.get("date", ""))
    out["date"] = match.group(1) if match and real_date(match.group(1)) else ""
    if _LINK.match(out.get("source", "")):
        out.setdefault("url", out.pop("source"))
    return Given(**out)


def sidecar_for(path: Path) -> Path | None:
    for candidate in (path.with_name(path.name + ext) for ext in (".json", ".yml", ".yaml")):
        if candidate.is_file():
            return candidate
    for candidate in (path.with_suffix(ext) for ext in (".json", ".yml", ".yaml")):
        if candidate.is_file() and candidate != path:
            return candidate
    return None


def read_sidecar(sidecar: Path) -> Given:
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            raise MetadataFileError(f"its metadata file {sidecar.name} is over 1 MB")
        text = sidecar.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataFileError(f"its metadata file {sidecar.name} cannot be read as UTF-8 text ({exc})") from exc
    try:
        if sidecar.suffix == ".json":
            values = json.loads(text)
        else:
            import yaml

            values = yaml.safe_load(text)
    except Exception as exc:  # json.JSONDecodeError, yaml.YAMLError
        kind = "JSON" if sidecar.suffix == ".json" else "YAML"
        raise MetadataFileError(f"its metadata file {sidecar.name} is not valid {kind}: "
                                f"{str(exc).splitlines()[0][:120]}") from exc
    return given_from(values, f"its metadata file {sidecar.name}")


class Manifest:
    """A TSV with a `file` column (relative to the manifest's folder, or a bare file name) and any of title, date,
    source, type, author, addressee, url, licence. Rows are matched by resolved path, else by unique file name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MetadataFileError(f"metadata file {path}: cannot be read as UTF-8 text ({exc})") from exc
        rows = list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
        columns = {_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in (rows[0] if rows else {})}
        if "file" not in columns:
            raise MetadataFileError(f"metadata file {path}: needs a tab-separated header with a 'file' column "
                                    "(and title, date, source, type, author, addressee, url or licence)")
        self.by_path: dict[Path, Given] = {}
        names: dict[str, list[Given]] = {}
        for n, row in enumerate(rows, start=2):
            values = {_ALIASES.get(str(k).strip().lower(), str(k).strip().lower()): v for k, v in row.items() if k}
            name = (values.pop("file", "") or "").strip()
            if not name:
                continue
            given = given_from(values, f"metadata file {path.name}, line {n}")
            self.by_path[(path.parent / name).resolve()] = given
            names.setdefault(Path(name).name, []).append(given)
        self.by_name = {name: g[0] for name, g in names.items() if len(g) == 1}

    def lookup(self, file: Path) -> Given | None:
        return self.by_path.get(file.resolve()) or self.by_name.get(file.name)


def given_for(path: Path, manifest: Manifest | None) -> Given | None:
    """A file's sidecar wins over the manifest's row: it sits with the file."""
    sidecar = sidecar_for(path)
    if sidecar is not None:
        return read_sidecar(sidecar)
    return manifest.lookup(path) if manifest is not None else None
