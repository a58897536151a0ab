import os
from pathlib import Path

import pymupdf
import pytest

from core.errors import IngestError, UnsupportedFormat
from ingest import readers
from ingest.document import load_document


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_utf8_and_cp1252_text(tmp_path):
    doc, _ = load_document(write(tmp_path / "a.txt", "Traite des êtres humains à Liège.".encode("utf-8")), "a.txt")
    assert "êtres humains à Liège" in doc.text
    doc, _ = load_document(write(tmp_path / "b.txt", "Traite des êtres humains – Liège “ok”".encode("cp1252")), "b.txt")
    assert "êtres humains – Liège “ok”" in doc.text


def test_html_keeps_main_text_not_navigation(tmp_path):
    html = ("<html><head><title>Myria – traite</title><script>var x=1;</script></head><body>"
            "<nav><a href='/'>Accueil</a> Menu</nav><main><h1>Traite des êtres humains</h1>"
            "<p>Myria publie un rapport annuel indépendant.</p></main><footer>Cookies</footer></body></html>")
    doc, _ = load_document(write(tmp_path / "p.html", html.encode()), "p.html")
    assert "Myria publie un rapport annuel indépendant." in doc.text
    assert "Accueil" not in doc.text and "Cookies" not in doc.text and "var x" not in doc.text
    assert doc.title == "Myria – traite"


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Het slachtofferstatuut beschermt slachtoffers van mensenhandel.")
    d.add_paragraph("Tweede alinea over Payoke in Antwerpen.")
    d.save(tmp_path / "n.docx")
    doc, chunks = load_document(tmp_path / "n.docx", "n.docx")
    assert "Payoke in Antwerpen" in doc.text and doc.lang == "nl"
    assert chunks and all(doc.text[c.char_start:c.char_end] == c.text for c in chunks)


def make_pdf(path: Path, pages: list[str], **save_kwargs) -> Path:
    pdf = pymupdf.open()
    for text in pages:
        page = pdf.new_page()
        page.insert_textbox(pymupdf.Rect(50, 50, 550, 800), text, fontsize=11)
    pdf.save(path, **save_kwargs)
    return path


def test_pdf_text_layer_keeps_page_numbers(tmp_path):
    pages = ["The Protocol defines trafficking in persons. " * 5, "Article 6 concerns assistance to victims. " * 5]
    doc, chunks = load_document(make_pdf(tmp_path / "p.pdf", pages), "p.pdf")
    assert [p.number for p in doc.pages] == [1, 2]
    assert {c.page for c in chunks} == {1, 2}
    second = [c for c in chunks if c.page == 2][0]
    assert "Article 6" in second.text


def test_encrypted_pdf_is_refused(tmp_path):
    path = make_pdf(tmp_path / "e.pdf", ["secret"], encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(IngestError, match="encrypted"):
        load_document(path, "e.pdf")


def test_truncated_pdf_is_refused(tmp_path):
    good = make_pdf(tmp_path / "g.pdf", ["some text " * 50]).read_bytes()
    bad = write(tmp_path / "t.pdf", good[: len(good) // 3])
    with pytest.raises(IngestError):
        load_document(bad, "t.pdf")


def test_not_a_pdf_is_refused(tmp_path):
    with pytest.raises(IngestError, match="corrupt"):
        load_document(write(tmp_path / "x.pdf", b"%PDF-1.4 garbage " * 10), "x.pdf")


def test_empty_binary_unsupported_and_huge(tmp_path, monkeypatch):
    with pytest.raises(IngestError, match="empty"):
        load_document(write(tmp_path / "e.txt", b""), "e.txt")
    with pytest.raises(IngestError, match="binary"):
        load_document(write(tmp_path / "b.txt", bytes(range(256)) * 20), "b.txt")
    with pytest.raises(UnsupportedFormat, match="unsupported"):
        load_document(write(tmp_path / "s.xlsx", b"PK..."), "s.xlsx")
    with pytest.raises(IngestError, match="too large"):
        load_document(write(tmp_path / "h.txt", b"a" * 2000), "h.txt", options=readers.ReadOptions(max_bytes=1000))


def test_whitespace_only_file_has_no_text(tmp_path):
    with pytest.raises(IngestError, match="no readable text"):
        load_document(write(tmp_path / "w.txt", b"   \n\n  \t "), "w.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "u.txt", b"hello world text")
    path.chmod(0)
    with pytest.raises(IngestError, match="cannot read"):
        load_document(path, "u.txt")


@pytest.mark.slow
def test_image_only_pdf_goes_through_ocr():
    from tests.conftest import CORPUS, need_shared

    need_shared()
    doc, chunks = load_document(CORPUS / "pdf/parlbru_q1200_quartier_nord.fr.SIMULATED_SCAN.pdf", "scan.pdf")
    assert doc.ocr and doc.metadata["ocr_pages"] == [1]
    assert "quartier Nord" in doc.text and "scellés" in doc.text
    assert chunks and all(c.page == 1 for c in chunks)


def test_pdf_text_blocks_keep_headings_apart_and_join_a_sentence_cut_between_blocks(tmp_path):
    """The PDF's own text blocks are its paragraphs: "Article 3" and "Use of terms" stay headings of their own
    instead of being reflowed into the paragraph around them, and a block that goes on in lower case after one
    without a stop is the same sentence."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    blocks = ["Protocol to Prevent, Suppress and Punish Trafficking in Persons, especially Women and Children",
              "Article 3", "Use of terms", "For the purposes of this Protocol the expression trafficking in persons "
              "shall mean the recruitment, transportation, transfer, harbouring or receipt", "of persons by force."]
    for i, text in enumerate(blocks):
        page.insert_textbox(pymupdf.Rect(50, 50 + 60 * i, 550, 100 + 60 * i), text, fontsize=10)
    pdf.save(tmp_path / "b.pdf")
    doc, _ = load_document(tmp_path / "b.pdf", "b.pdf")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[1:3] == ["Article 3", "Use of terms"]
    assert paragraphs[3].endswith("harbouring or receipt of persons by force.")
