"""What a reader returns, and the limits every reader works under (hostile files meet a limit, not a crash)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import IngestError
from core.settings import Environment, default

MB = 1024 * 1024
MAX_ZIP_RATIO = 100  # real .docx text parts inflate 5-30 times; the bombs seen inflate 300 times and more


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

    max_bytes: int = int(default("max_file_mb")) * MB
    ocr_langs: str = default("ocr_langs")
    max_chars: int = int(default("max_text_mchars")) * 1_000_000
    max_unzipped: int = int(default("max_unzipped_mb")) * MB
    max_ocr_pixels: int = int(default("max_ocr_mpixels")) * 1_000_000

    @classmethod
    def from_environment(cls, env: Environment) -> "ReadOptions":
        return cls(max_bytes=env.max_file_bytes, ocr_langs=env.ocr_langs, max_chars=env.max_text_mchars * 1_000_000,
                   max_unzipped=env.max_unzipped_mb * MB, max_ocr_pixels=env.max_ocr_mpixels * 1_000_000)

    def check_length(self, chars: int) -> None:
        """Raise once a file's text has grown past the cap (readers call this as they go)."""
        if chars > self.max_chars:
            raise IngestError(f"text is longer than {self.max_chars / 1e6:g} million characters; "
                              "set RADAR_MAX_TEXT_MCHARS to raise the limit")
