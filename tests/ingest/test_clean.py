from ingest.clean import clean_text


def test_mojibake_and_ligatures_are_repaired():
    assert clean_text("La victime a Ã©tÃ© identifiÃ©e") == "La victime a été identifiée"
    assert clean_text("le ﬁnancement") == "le financement"


def test_hyphenation_across_line_breaks_is_joined():
    assert clean_text("les disposi-\ntions légales", reflow=True) == "les dispositions légales"


def test_whitespace_is_normalised_but_paragraphs_kept():
    text = clean_text("Premier  paragraphe\u00a0ici.\n\n\n\nSecond\tparagraphe.")
    assert text == "Premier paragraphe ici.\n\nSecond paragraphe."


def test_glued_sentences_from_chamber_exports_get_a_space():
    assert clean_text("une réalité protéiforme.S'il est interdit") == "une réalité protéiforme. S'il est interdit"


def test_ocr_noise_stays_readable():
    from tests.conftest import SHARED, need_shared

    need_shared()
    raw = (SHARED / "seeds" / "003_46b2b164c325ac90.txt").read_text(encoding="utf-8")
    text = clean_text(raw)
    assert "la problématique de . la traite des êtres humains" in text  # words kept, lines joined
    assert "\n\n" in text


def test_a_wrapped_reference_is_not_read_as_a_list_item():
    """The Palermo PDF wraps "… set forth in subparagraph" / "a) of this article shall be irrelevant …":
    that line continues the sentence, while real items ("…are:" / "a) To prevent …") stay apart."""
    raw = ("b) The consent of a victim to the intended exploitation set forth in subparagraph\n"
           "a) of this article shall be irrelevant where any of the means have been used;\n"
           "c) The recruitment of a child")
    assert clean_text(raw, reflow=True).split("\n") == [
        "b) The consent of a victim to the intended exploitation set forth in subparagraph a) of this article "
        "shall be irrelevant where any of the means have been used;", "c) The recruitment of a child"]
    items = "The purposes of this Protocol are:\na) To prevent and combat trafficking;\nb) To protect the victims"
    assert clean_text(items, reflow=True).count("\n") == 2


def test_a_part_or_article_number_line_stays_a_heading():
    """"… Have agreed as follows:" / "II" / "Article 6": a line holding only a part or article number never joins
    the paragraph above it, however long that paragraph is."""
    raw = ("Convinced that supplementing the Convention will be useful in preventing and combating that crime, Have "
           "agreed as follows:\nII\nArticle 6\nAssistance to and protection of victims of trafficking in persons")
    assert clean_text(raw, reflow=True).split("\n")[1:3] == ["II", "Article 6"]
