"""One reader per file format: bytes on disk → raw page texts. Cleaning happens later.

Every reader works under `ReadOptions`' limits (file size, inflated size, text length, OCR pixels), so a
hostile file ends in one IngestError line instead of taking the machine's memory.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from core.errors import IngestError, UnsupportedFormat
from ingest.files import read_regular
from ingest.raw import RawText, ReadOptions

__all__ = ["RawText", "ReadOptions", "SUPPORTED_EXTENSIONS", "decode_text", "read_file"]

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | {".pdf", ".docx"}


def read_file(path: Path, options: ReadOptions = ReadOptions(), data: bytes | None = None) -> RawText:
    """Read any supported file, or raise an IngestError that names the problem. `data`: its bytes, when the
    caller has read them already (`ingest.files.read_regular`)."""
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormat(f"unsupported file type {ext or '(no extension)'!r}; "
                                f"Radar reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}")
    if data is None:
        data, _ = read_regular(path, options.max_bytes)
    if ext in TEXT_EXTENSIONS:
        raw = RawText([decode_text(data)], "text")
    elif ext in HTML_EXTENSIONS:
        from ingest.html_reader import read_html

        raw = read_html(decode_text(data))
    elif ext == ".docx":
        from ingest.docx_reader import read_docx

        raw = read_docx(data, options)
    else:
        from ingest.pdf_reader import read_pdf

        raw = read_pdf(data, options)
    options.check_length(sum(len(page) for page in raw.pages))
    raw.sha256 = hashlib.sha256(data).hexdigest()
    return raw


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # UTF-32 LE starts like UTF-16 LE
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> str:
    """UTF-16/32 by their byte-order mark, else UTF-8, then Windows-1252 (a superset of Latin-1 for printable
    text); refuse binary data."""
    wide = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise IngestError(f"file starts with a {wide.upper()} byte-order mark but is not {wide.upper()} "
                              f"text (byte {exc.start})") from exc
    elif b"\x00" in data[:65536]:
        raise IngestError("file looks binary (contains NUL bytes), not text")
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 50):
        raise IngestError("file looks binary (many control characters), not text")
    return text.lstrip("\ufeff")
