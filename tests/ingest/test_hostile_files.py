"""Hostile files meet a limit and one line, in bounded memory and time (issue 19). Each file is built here; the
heavy ones are read in a child process whose address space is capped and whose peak RSS the kernel reports."""

import codecs
import io
import zipfile

import pytest

from core.errors import IngestError
from ingest.document import load_document
from ingest.docx_reader import read_docx
from ingest.readers import ReadOptions, decode_text
from tests.hostile_files import docx_bomb, docx_many_words, huge_page_pdf, nested_html, read_in_child


@pytest.mark.slow
def test_docx_bomb_is_refused_from_the_zip_directory(tmp_path):
    """100 MB of paragraphs packed 300 times: refused before anything inflates (it took 6 GB before)."""
    result = read_in_child(docx_bomb(tmp_path / "bomb.docx", 100), timeout=60)
    assert result.status == 0 and "zip bomb refused" in result.output, result
    assert "inflate 3" in result.output  # the ratio is what gave it away (the size is under the 256 MB limit)
    assert result.peak_mb < 400 and result.seconds < 30, result


def test_docx_over_the_inflated_size_limit(tmp_path):
    path = docx_bomb(tmp_path / "big.docx", 3)
    with pytest.raises(IngestError, match="would inflate to 3 MB.*RADAR_MAX_UNZIPPED_MB"):
        load_document(path, "big.docx", options=ReadOptions(max_unzipped=2 << 20))


@pytest.mark.slow
def test_docx_of_varied_text_is_read_as_a_stream_up_to_the_text_cap(tmp_path):
    """60 MB of XML that packs only ~10 times passes the ratio check: the streaming reader stops at the text cap
    (20 million characters) in bounded memory. python-docx built the whole tree and ran past 60 s."""
    result = read_in_child(docx_many_words(tmp_path / "words.docx", 60), timeout=60)
    assert result.status == 0 and "longer than 20 million characters" in result.output, result
    assert result.peak_mb < 500, result


def test_docx_paragraphs_tables_nested_tables_and_title(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Rapport annuel"
    d.add_paragraph("Premier paragraphe sur la traite.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Année", "Victimes"
    table.cell(1, 0).text, table.cell(1, 1).text = "2023", "145"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "dont 12 mineurs"
    d.add_paragraph("Dernier paragraphe.\tAvec tabulation.")
    buf = io.BytesIO()
    d.save(buf)
    raw = read_docx(buf.getvalue())
    assert raw.title_hint == "Rapport annuel"
    assert raw.pages[0].split("\n\n") == ["Premier paragraphe sur la traite.", "Dernier paragraphe.\tAvec tabulation.",
                                          "Année | Victimes", "2023 | 145\ndont 12 mineurs"]


def test_docx_without_a_body_or_not_a_zip(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(IngestError, match="not a valid .docx"):
        read_docx(buf.getvalue())
    with pytest.raises(IngestError, match="not a valid .docx"):
        read_docx(b"PK\x03\x04 not really a zip")


@pytest.mark.slow
def test_deeply_nested_html_is_read_in_linear_time(tmp_path):
    """100,000 nested <div><p> blocks (6.9 MB): it had not finished after 600 s; all their text is kept."""
    result = read_in_child(nested_html(tmp_path / "deep.html", 100_000), timeout=60)
    assert result.status == 0 and result.output.startswith("READ"), result
    assert int(result.output.split()[1]) > 100_000 * len("text of a nested block")
    assert result.seconds < 30, result


@pytest.mark.slow
def test_ocr_of_a_huge_page_is_downscaled_to_the_pixel_limit(tmp_path):
    """One 7600 × 7600 pt page with an image: 5.5 GB for 61 s before; now rendered under 40 million pixels."""
    result = read_in_child(huge_page_pdf(tmp_path / "huge.pdf"), timeout=120)
    assert result.status == 0 and "no readable text" in result.output, result
    assert result.peak_mb < 1000, result


def test_text_longer_than_the_cap_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("mot " * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="longer than 0.001 million characters.*RADAR_MAX_TEXT_MCHARS"):
        load_document(path, "long.txt", options=ReadOptions(max_chars=1000))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark(tmp_path, encoding):
    text = "Les victimes de la traite des êtres humains à Bruxelles — 2023."
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    data = bom + text.encode(encoding)  # Python's utf-16 and utf-32 codecs write their own mark
    assert decode_text(data) == text
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    assert load_document(path, "wide.txt")[0].text == text


def test_half_a_pdf_is_refused_not_ingested_as_symbols(tmp_path):
    """The Palermo Protocol PDF cut in half gave 930 characters of '!"#$' and no error."""
    from tests.conftest import CORPUS, need_shared

    need_shared()
    data = (CORPUS / "pdf" / "palermo_protocol_2000.en.textlayer.pdf").read_bytes()
    half = tmp_path / "half.pdf"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="damaged PDF"):
        load_document(half, "half.pdf")
