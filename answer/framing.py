"""How an answer reads: each verbatim quote framed in the question's language with its source and date, the
refusal texts, and the check that a quote is the stored text at its offsets."""

from __future__ import annotations

from answer.reference import from_question_part
from core.records import Citation

_LANG_NAMES = {
    "fr": {"fr": "en français", "nl": "en néerlandais", "en": "en anglais"},
    "nl": {"fr": "in het Frans", "nl": "in het Nederlands", "en": "in het Engels"},
    "en": {"fr": "in French", "nl": "in Dutch", "en": "in English"},
}
_FRAME = {"fr": "Selon {src} [{n}] : « {quote} » ({lang})", "nl": "Volgens {src} [{n}]: “{quote}” ({lang})",
          "en": "According to {src} [{n}]: “{quote}” ({lang})"}
_ASKED = {"fr": "la question écrite", "nl": "de schriftelijke vraag", "en": "the written question"}
_VERSION = {"fr": "Le même passage {lang} [{n}] : « {quote} »", "nl": "Dezelfde passage {lang} [{n}]: “{quote}”",
            "en": "The same passage {lang} [{n}]: “{quote}”"}
REFUSAL = {
    "fr": "Le corpus ne répond pas clairement à cette question. Voici les passages les plus proches.",
    "nl": "Het corpus beantwoordt deze vraag niet duidelijk. Dit zijn de meest verwante passages.",
    "en": "The corpus does not clearly answer this question. Here are the nearest passages.",
}
# after a refusal: the nearest sentence, not a quote (it does not answer), with its chance of answering
NEAREST = {
    "fr": "Le plus proche, qui ne semble pas répondre ({percent} %) : « {sentence} » — {source}",
    "nl": "Het dichtstbijzijnde, dat geen antwoord lijkt te geven ({percent}%): “{sentence}” — {source}",
    "en": "The nearest, which does not seem to answer ({percent}%): “{sentence}” — {source}",
}
# after a refusal of a count question none of whose nearest sentences holds a count (answer.scoring: rule 17)
NO_COUNT = {"fr": "Aucun des passages les plus proches ne donne de chiffre.",
            "nl": "Geen van de meest verwante passages geeft een aantal.",
            "en": "None of the nearest passages gives a figure."}
NO_PASSAGE = {"fr": "Aucun passage ne correspond (vérifiez les filtres).",
            "nl": "Geen enkele passage komt overeen (controleer de filters).",
            "en": "No passage matches (check the filters)."}


def verified(citation: Citation) -> bool:
    """The invariant every shown quote must satisfy: it is the stored text at its offsets."""
    text = citation.hit.document.text
    return 0 <= citation.char_start < citation.char_end <= len(text) and \
        text[citation.char_start : citation.char_end] == citation.quote


def frame(lang: str, c: Citation) -> str:
    """The quote with its source in the question's language. A quote from the question part of a written question
    says so: it is what a member of parliament wrote (often a question, "Welk prijskaartje hangt aan Operatie Irini
    vast?"), not what the minister or the parliament answered."""
    doc = c.hit.document
    src = doc.source or doc.title
    if from_question_part(doc, c.hit.chunk):
        asked = doc.metadata.get("date_received") or doc.date  # the answer's date is the document's
        src = f"{_ASKED[lang]} ({src}, {asked})" if asked else f"{_ASKED[lang]} ({src})"
    elif doc.date:
        src = f"{src} ({doc.date})"
    quote_lang = c.hit.chunk.lang or doc.lang
    if c.version_of:
        return _VERSION[lang].format(n=c.n, quote=c.quote, lang=_LANG_NAMES[lang].get(quote_lang, quote_lang))
    return _FRAME[lang].format(src=src, n=c.n, quote=c.quote, lang=_LANG_NAMES[lang].get(quote_lang, quote_lang))


# a list of documents (answer.precedents): a heading, then one line per document
LIST_HEAD = {
    "fr": {"relevance": "{n} documents traitent de « {topic} », du plus pertinent au moins pertinent :",
           "date": "{n} documents traitent de « {topic} », du plus récent au plus ancien :"},
    "nl": {"relevance": "{n} documenten gaan over “{topic}”, de meest relevante eerst:",
           "date": "{n} documenten gaan over “{topic}”, de recentste eerst:"},
    "en": {"relevance": "{n} documents deal with “{topic}”, most relevant first:",
           "date": "{n} documents deal with “{topic}”, newest first:"},
}
NO_LIST = {"fr": "Aucun document du corpus ne semble traiter de « {topic} ». Voici les passages les plus proches.",
           "nl": "Geen enkel document in het corpus lijkt over “{topic}” te gaan. Dit zijn de meest verwante passages.",
           "en": "No document in the corpus seems to deal with “{topic}”. Here are the nearest passages."}
_ITEM = {"fr": "[{n}] {ref} — « {quote} »", "nl": "[{n}] {ref} — “{quote}”", "en": "[{n}] {ref} — “{quote}”"}
_ALSO = {"fr": "aussi {langs}", "nl": "ook {langs}", "en": "also {langs}"}


def list_item(lang: str, c: Citation, version_langs: list[str]) -> str:
    """'[2] Chambre des représentants, question écrite 55-… — « sentence » (aussi en néerlandais)': the document's
    reference, its title when the reference lacks it, the sentence that makes it relevant, its other versions."""
    doc = c.hit.document
    title = doc.title.split("): ", 1)[-1] if doc.doc_type == "written_question" else doc.title  # 'Question écrite
    # 55-B017-… (2019-2020): Récemment, …' says again what the reference says
    ref = c.reference if not title or title[:40] in c.reference else f"{c.reference}: {title[:120]}"
    line = _ITEM[lang].format(n=c.n, ref=ref, quote=c.quote)
    names = list(dict.fromkeys(_LANG_NAMES[lang].get(v, v) for v in version_langs))  # a copy and a version: once
    return f"{line} ({_ALSO[lang].format(langs=', '.join(names))})" if names else line
