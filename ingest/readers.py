"""One reader per file format: bytes on disk → raw page texts. Cleaning happens later."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import IngestError, UnsupportedFormat
from core.settings import default
from text.sentences import LINE_END_PUNCT

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | {".pdf", ".docx"}


@dataclass
class RawText:
    """What a reader found: one string per page (one page for flowing formats)."""

    pages: list[str]
    fmt: str
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages whose text came from OCR
    title_hint: str = ""
    reflow: bool = False  # hard-wrapped lines (PDF, OCR) should be joined into paragraphs
    sha256: str = ""


@dataclass(frozen=True)
class ReadOptions:
    """Limits and languages of the readers (from `core.settings.Environment` when a command starts)."""

    max_bytes: int = int(default("max_file_mb")) * 1024 * 1024
    ocr_langs: str = default("ocr_langs")


def read_file(path: Path, options: ReadOptions = ReadOptions()) -> RawText:
    """Read any supported file, or raise an IngestError that names the problem."""
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormat(f"unsupported file type {ext or '(no extension)'!r}; "
                                f"Radar reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise IngestError("file is empty")
    if size > options.max_bytes:
        raise IngestError(f"file is too large ({size / 1e6:.0f} MB; the limit is {options.max_bytes // 2**20} MB, "
                          "set RADAR_MAX_FILE_MB to raise it)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if ext in TEXT_EXTENSIONS:
        raw = RawText([decode_text(data)], "text")
    elif ext in HTML_EXTENSIONS:
        raw = read_html(decode_text(data))
    elif ext == ".docx":
        raw = read_docx(data)
    else:
        raw = read_pdf(data, options.ocr_langs)
    raw.sha256 = hashlib.sha256(data).hexdigest()
    return raw


def decode_text(data: bytes) -> str:
    """UTF-8 first, then Windows-1252 (a superset of Latin-1 for printable text); refuse binary data."""
    if b"\x00" in data[:65536]:
        raise IngestError("file looks binary (contains NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 50):
        raise IngestError("file looks binary (many control characters), not text")
    return text


def read_html(html: str) -> RawText:
    """Main text of a page: drop scripts, styles, navigation, headers, footers and forms."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    title = tree.css_first("title")
    title_text = title.text(strip=True) if title else ""
    for selector in ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                     "svg", "[role=navigation]", "[aria-hidden=true]"):
        for node in tree.css(selector):
            node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        raise IngestError("HTML page has no body text")
    blocks = []
    for node in root.traverse(include_text=False):
        if node.tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dd", "dt"}:
            if any(p.tag in {"p", "li", "td", "th", "blockquote"} for p in _ancestors(node, root)):
                continue
            text = node.text(separator=" ", strip=True)
            if text:
                blocks.append(text)
    if not blocks:
        blocks = [root.text(separator="\n", strip=True)]
    return RawText(["\n\n".join(blocks)], "html", title_hint=title_text)


def _ancestors(node, stop):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def read_docx(data: bytes) -> RawText:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"not a valid .docx file ({exc.__class__.__name__})") from exc
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paragraphs.append(" | ".join(cells))
    title = document.core_properties.title or ""
    return RawText(["\n\n".join(paragraphs)], "docx", title_hint=title)


def read_pdf(data: bytes, ocr_langs: str) -> RawText:
    """Text layer page by page; pages without one go through OCR."""
    import pymupdf

    from ingest.ocr import ocr_page

    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf raises its own FileDataError/RuntimeError types
        raise IngestError(f"corrupt or truncated PDF ({exc})") from exc
    if pdf.needs_pass:
        raise IngestError("PDF is encrypted (password protected); save an unprotected copy and ingest that")
    pages, ocr_pages = [], []
    try:
        for number, page in enumerate(pdf, start=1):
            text = page_text(page)
            if len(text.strip()) < 20 and page.get_images():
                text = ocr_page(page, ocr_langs)
                ocr_pages.append(number)
            pages.append(text)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"corrupt PDF: page {len(pages) + 1} cannot be read ({exc})") from exc
    if not pdf.page_count:
        raise IngestError("PDF has no pages")
    title = (pdf.metadata or {}).get("title") or ""
    return RawText(pages, "pdf", ocr_pages=ocr_pages, title_hint=title, reflow=True)


def page_text(page) -> str:
    """A text-layer page with a blank line between the PDF's own text blocks.

    The blocks are the PDF's paragraphs, headings and list items ("Article 3", "Use of terms"); flattened to
    lines, a heading reflowed into the paragraph around it. A block that goes on with a lower-case word after
    one without closing punctuation is the same sentence cut by the producer, so it joins with a plain line.
    """
    blocks = [b[4].strip("\n") for b in page.get_text("blocks") if b[6] == 0 and b[4].strip()]
    out = ""
    for block in blocks:
        if out:
            goes_on = not out.rstrip().endswith(LINE_END_PUNCT) and block.lstrip()[:1].islower()
            out += "\n" if goes_on else "\n\n"
        out += block
    return out
