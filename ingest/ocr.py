"""OCR for image-only PDF pages: render with PyMuPDF, read with tesseract (fra+nld+eng)."""

from __future__ import annotations

import shutil

from core.errors import IngestError
from core.settings import default

OCR_DPI = 300


def ocr_page(page, langs: str, max_pixels: int = int(default("max_ocr_mpixels")) * 1_000_000) -> str:
    """Text of one PDF page through tesseract in `langs`, from an image of at most `max_pixels`;
    IngestError when tesseract is missing."""
    if shutil.which("tesseract") is None:
        raise IngestError("this PDF page is a scan and needs OCR, but tesseract is not installed "
                          "(run scripts/install.sh, or apt-get install tesseract-ocr tesseract-ocr-fra "
                          "tesseract-ocr-nld)")
    import pytesseract
    from PIL import ImageFilter

    # A 3x3 median removes scanner speckle; measured on the corpus scans it cut the CER of the
    # Quartier Nord scan from 0.11 to 0.03 (bench/ocr_cer.py).
    image = page_image(page, max_pixels).filter(ImageFilter.MedianFilter(3))
    try:
        return pytesseract.image_to_string(image, lang=langs, config="--psm 3")
    except pytesseract.TesseractError as exc:
        raise IngestError(f"OCR failed ({exc}); check that tesseract has the {langs} data") from exc


def page_image(page, max_pixels: int):
    """The scan at its own resolution when the page is one image, else a 300 dpi rendering; either one no
    larger than `max_pixels` (a huge page is rendered at the resolution that fits; the embedded image's size
    is read from the PDF before anything decodes it)."""
    import io

    from PIL import Image

    images = page.get_images()
    if len(images) == 1 and images[0][2] * images[0][3] <= max_pixels:
        try:
            info = page.parent.extract_image(images[0][0])
            image = Image.open(io.BytesIO(info["image"])).convert("L")
            if image.width >= 1000:
                return image
        except Exception:  # unusual encodings: fall back to rendering the page
            pass
    inches = (page.rect.width / 72) * (page.rect.height / 72)
    dpi = min(OCR_DPI, int((max_pixels / max(inches, 1e-6)) ** 0.5))
    if dpi < 1:
        raise IngestError(f"page is too large to read by OCR ({page.rect.width:.0f} x {page.rect.height:.0f} pt)")
    pix = page.get_pixmap(dpi=dpi, colorspace="gray")
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)
