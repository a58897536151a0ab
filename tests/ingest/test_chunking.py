from ingest.chunking import make_chunks
from ingest.dedupe import containment, fingerprint, parallel_key, shingles
from radar.records import Page, Section


def test_chunks_respect_offsets_pages_and_sections():
    text = ("Première page. " * 40).strip() + "\n\n" + ("Deuxième page, avec une réponse. " * 60).strip()
    split = text.index("\n\n")
    pages = (Page(1, 0, split), Page(2, split + 2, len(text)))
    sections = (Section("question", 0, 300), Section("answer", 300, len(text)))
    spans = make_chunks("d", text, pages, sections, size=400, overlap=50)
    assert spans
    for start, end, page, section in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip() and len(piece) <= 400
        p = next(p for p in pages if p.char_start <= start < p.char_end)
        assert end <= p.char_end and page == p.number
        s = next(s for s in sections if s.char_start <= start < s.char_end)
        assert end <= s.char_end and section == s.name
    covered = {i for s, e, _, _ in spans for i in range(s, e)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_duplicate_helpers():
    a = "La traite des êtres humains est une infraction grave. " * 20
    assert fingerprint(a) == fingerprint(a.upper().replace(" ", "  "))
    sa, sb = shingles(a + " Fin du texte ici et là."), shingles(a)
    assert containment(len(sa & sb), len(sa), len(sb)) > 0.9
    assert parallel_key("c/qrva_55-1.fr.txt") == parallel_key("c/qrva_55-1.nl.txt") != ""
    assert parallel_key("c/report.txt") == ""
