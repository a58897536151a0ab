"""PDF → page texts: the text layer, OCR for pages that only hold a scan."""

from __future__ import annotations

from core.errors import IngestError
from ingest.raw import RawText, ReadOptions
from text.sentences import LINE_END_PUNCT


def read_pdf(data: bytes, options: ReadOptions = ReadOptions()) -> RawText:
    """Text layer page by page; pages without one go through OCR."""
    import pymupdf

    from ingest.ocr import ocr_page

    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf raises its own FileDataError/RuntimeError types
        raise IngestError(f"corrupt or truncated PDF ({exc})") from exc
    if pdf.needs_pass:
        raise IngestError("PDF is encrypted (password protected); save an unprotected copy and ingest that")
    pages, ocr_pages, chars = [], [], 0
    try:
        for number, page in enumerate(pdf, start=1):
            text = page_text(page)
            if len(text.strip()) < 20 and page.get_images():
                text = ocr_page(page, options.ocr_langs, options.max_ocr_pixels)
                ocr_pages.append(number)
            pages.append(text)
            chars += len(text)
            options.check_length(chars)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"corrupt PDF: page {len(pages) + 1} cannot be read ({exc})") from exc
    if not pdf.page_count:
        raise IngestError("PDF has no pages")
    if pdf.is_repaired and not readable("".join(pages)):
        raise IngestError("damaged PDF (truncated or corrupt): what is left of its text is unreadable symbols")
    title = (pdf.metadata or {}).get("title") or ""
    return RawText(pages, "pdf", ocr_pages=ocr_pages, title_hint=title, reflow=True)


def readable(text: str) -> bool:
    """Whether most of the visible characters are letters or digits: a truncated PDF that loses its font maps
    yields runs of '!"#$%' instead of words."""
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalnum() for ch in visible) >= 0.5 * len(visible)


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
