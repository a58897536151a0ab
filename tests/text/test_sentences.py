"""Answers on a small real index with the real model: quotes are verbatim, references pasteable, refusals honest."""



from text.sentences import MAX_QUOTE, sentence_spans


def test_sentences_are_exact_spans_and_capped():
    text = "Intro. " + "Une très longue phrase, avec des virgules, " * 30 + "fin. Dernière phrase ici."
    for start, end in sentence_spans(text, 0, len(text)):
        assert end - start <= MAX_QUOTE and text[start:end].strip() == text[start:end]
    title = "Protocol inzake mensenhandel (Palermo, 2000) – Art. 1-13"  # "Art. 1" is a reference, not a stop
    assert sentence_spans(title, 0, len(title)) == [(0, len(title))]
