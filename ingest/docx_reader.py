"""Word .docx → text, streamed: the zip's directory is checked before anything inflates, and the XML is read
element by element, so memory follows the text kept, not the size a zip bomb inflates to."""

from __future__ import annotations

import io
import zipfile
import zlib

from core.errors import IngestError
from ingest.raw import MAX_ZIP_RATIO, RawText, ReadOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "word/document.xml"
CORE = "docProps/core.xml"
_BREAKS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def read_docx(data: bytes, options: ReadOptions = ReadOptions()) -> RawText:
    """Body paragraphs, then each table row as 'cell | cell' (the order python-docx gave), and the title."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        part = archive.getinfo(BODY)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise IngestError(f"not a valid .docx file ({exc.__class__.__name__})") from exc
    check_inflation(part, options)
    try:
        with archive.open(part) as stream:
            paragraphs, rows = _body_text(stream, options)
        title = _title(archive, options)
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError, zlib.error) as exc:  # XMLSyntaxError: a ValueError
        raise IngestError(f"not a valid .docx file ({exc.__class__.__name__}: {exc})") from exc
    return RawText(["\n\n".join(paragraphs + rows)], "docx", title_hint=title)


def check_inflation(part: zipfile.ZipInfo, options: ReadOptions) -> None:
    """Refuse a part that the zip's own directory says would inflate too far (read never goes past that size:
    zipfile stops at the declared length and fails the CRC if the data says otherwise)."""
    packed = max(part.compress_size, 1)
    if part.file_size > options.max_unzipped:
        raise IngestError(f"zip bomb refused: {part.filename} would inflate to {part.file_size / 2**20:.0f} MB "
                          f"(limit {options.max_unzipped // 2**20} MB; set RADAR_MAX_UNZIPPED_MB to raise it)")
    if part.file_size > 1_000_000 and part.file_size / packed > MAX_ZIP_RATIO:
        raise IngestError(f"zip bomb refused: {part.filename} would inflate {part.file_size / packed:.0f} times "
                          f"(real documents inflate under {MAX_ZIP_RATIO} times)")


def _body_text(stream, options: ReadOptions) -> tuple[list[str], list[str]]:
    from lxml import etree

    paragraphs: list[str] = []
    rows: list[str] = []
    cells: list[list[str]] = []  # one list of paragraph texts per open cell (nested tables too)
    row: list[str] = []
    chars = 0
    for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                          huge_tree=False, load_dtd=False):
        tag = element.tag
        if event == "start":
            if tag == f"{W}tc":
                cells.append([])
            continue
        if tag == f"{W}p":
            text = _paragraph(element)
            chars += len(text)
            options.check_length(chars)
            if cells:
                cells[-1].append(text)
            elif text.strip():
                paragraphs.append(text)
        elif tag == f"{W}tc":
            cell = "\n".join(cells.pop()).strip()
            if cells:
                cells[-1].append(cell)  # a table inside a cell: its text stays in that cell
            elif cell:
                row.append(cell)
        elif tag == f"{W}tr" and not cells:
            if row:
                rows.append(" | ".join(row))
            row = []
        elif tag != f"{W}tbl":
            continue
        _forget(element)
    return paragraphs, rows


def _paragraph(element) -> str:
    parts = []
    for node in element.iter(f"{W}t", *_BREAKS):
        parts.append(node.text or "" if node.tag == f"{W}t" else _BREAKS[node.tag])
    return "".join(parts)


def _forget(element) -> None:
    """Drop what was read so the tree never holds more than the open elements."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _title(archive: zipfile.ZipFile, options: ReadOptions) -> str:
    from lxml import etree

    try:
        part = archive.getinfo(CORE)
    except KeyError:
        return ""
    check_inflation(part, options)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with archive.open(part) as stream:
        root = etree.parse(stream, parser).getroot()
    title = root.find("{http://purl.org/dc/elements/1.1/}title")
    return (title.text or "").strip() if title is not None else ""
