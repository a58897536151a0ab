from core.records import Page, Section
from ingest.chunking import make_chunks
from ingest.dedupe import containment, fingerprint, parallel_key, shingles


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


def test_a_title_line_is_not_a_chunk_of_its_own():
    """"Protocol inzake mensenhandel (Palermo, 2000) – Art." alone outranked the articles for every Palermo
    question: a piece under MIN_CHARS joins the piece after it (within the size allowance)."""
    from ingest.chunking import MERGED_MAX, MIN_CHARS

    title = "Protocol inzake mensenhandel (Palermo, 2000) – Art. "
    text = title + "1-13 Protocol inzake de voorkoming " + "en bestrijding van mensenhandel, " * 28 + "einde."
    spans = make_chunks("d", text, (), (), size=1000, overlap=150)
    assert spans[0][0] == 0 and text[spans[0][0]:spans[0][1]].startswith(title + "1-13")
    assert all(e - s >= MIN_CHARS or (s, e) == spans[-1][:2] for s, e, _, _ in spans)
    assert all(e - s <= MERGED_MAX * 1000 for s, e, _, _ in spans)
    # a section's own short title (a Chamber question's title) stays its own chunk: chunks never cross sections
    sections = (Section("title", 0, len(title) - 1), Section("question", len(title), len(text)))
    assert make_chunks("d", text, (), sections)[0][:2] == (0, len(title) - 1)


def test_duplicate_helpers():
    a = "La traite des êtres humains est une infraction grave. " * 20
    assert fingerprint(a) == fingerprint(a.upper().replace(" ", "  "))
    sa, sb = shingles(a + " Fin du texte ici et là."), shingles(a)
    assert containment(len(sa & sb), len(sa), len(sb)) > 0.9
    assert parallel_key("c/qrva_55-1.fr.txt") == parallel_key("c/qrva_55-1.nl.txt") != ""
    assert parallel_key("c/report.txt") == ""
