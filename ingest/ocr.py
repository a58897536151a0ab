"""OCR for image-only PDF pages: render with PyMuPDF, read with tesseract (fra+nld+eng)."""

from __future__ import annotations

import os
import shutil

from radar.errors import IngestError

OCR_LANGS = os.environ.get("RADAR_OCR_LANGS", "fra+nld+eng")
OCR_DPI = 300


def ocr_page(page) -> str:
    """Text of one PDF page through tesseract; IngestError when tesseract is missing."""
    if shutil.which("tesseract") is None:
        raise IngestError("this PDF page is a scan and needs OCR, but tesseract is not installed "
                          "(run scripts/install.sh, or apt-get install tesseract-ocr tesseract-ocr-fra "
                          "tesseract-ocr-nld)")
    import pytesseract
    from PIL import Image

    pix = page.get_pixmap(dpi=OCR_DPI, colorspace="gray")
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    try:
        return pytesseract.image_to_string(image, lang=OCR_LANGS, config="--psm 3")
    except pytesseract.TesseractError as exc:
        raise IngestError(f"OCR failed ({exc}); check that tesseract has the {OCR_LANGS} data") from exc
