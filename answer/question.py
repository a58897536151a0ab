"""What a question is, read once into a `Question`: its language, whether it asks something (or is keywords), its
parts when it asks two things, and the source it names as speaking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text.answer_kinds import asked_kind
from text.language import detect_language

# Interrogatives of one language only (among French, Dutch and English): the one a question uses names its
# language, where lingua reads a short question by its names ("What is the budget of the Walloon Region for the
# Sürya shelter?" came out Dutch, "What did the mayor of Liège decide …?" French: 2 of 90 dev questions).
_WH_BY_LANGUAGE = {
    "fr": {"combien", "quel", "quelle", "quels", "quelles", "qui", "quand", "où", "comment", "pourquoi"},
    "nl": {"hoeveel", "welk", "welke", "wie", "wanneer", "waar", "hoe", "waarom", "wat"},
    "en": {"how", "what", "which", "who", "whom", "whose", "when", "where", "why"},
}
_WH_LANGUAGE = {word: lang for lang, words in _WH_BY_LANGUAGE.items() for word in words}
_WH_WORDS = set(_WH_LANGUAGE)


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    asks: bool  # a question, not keywords ("Myria annual report 2019"), which may be after a title
    parts: tuple[str, ...]  # what a compound question asks, each answered by its own sentence; one part otherwise
    speaker: str  # the source it names as speaking ("… according to Payoke?"), or ''
    wants: str = ""  # 'questions' or 'documents' when it asks for a list of them (precedents), else ''
    topic: str = ""  # what those documents must deal with: the question without its request for a list
    expects: str = ""  # the kind of answer it asks for: a number, a date, a name (text.answer_kinds), or ''


def analyse(text: str) -> Question:
    wants, topic = list_request(text)
    return Question(text, question_language(text), is_question(text), tuple(question_parts(text)), attributed_to(text),
                    wants, topic, asked_kind(text))


# "Which earlier parliamentary questions dealt with …", "Quelles questions écrites portaient sur …", "Welke vragen
# gingen over …", "Has any MP asked about …", "Un député a-t-il déjà interrogé …", "Zijn er documenten over …"
_PARLIAMENT = r"(?:questions?|vragen|interpellations?|interpellaties|MPs?|members?\s+of\s+parliament|députés?|" \
              r"parlementaires?|parlementsleden|parlementslid|kamerleden|kamerlid|volksvertegenwoordigers?)"
_DOCUMENTS = r"(?:documents?|documenten|rapports?|reports?|rapporten|textes?|texts?|teksten|sources?|bronnen)"
# what may stand between "which" and "questions": "Which earlier parliamentary questions", not "Quels constats
# critiques le rapport fait-il …" (which asks about a report's findings)
_MODIFIERS = r"(?:earlier|previous|former|past|recent|other|parliamentary|written|oral|précédentes?|antérieures?|" \
             r"récentes?|autres?|parlementaires?|écrites?|orales?|eerdere|vorige|recente|andere|parlementaire|" \
             r"schriftelijke|mondelinge)"
_LIST_REQUEST = re.compile(
    r"^\s*(?:(?:which|what|quel(?:le)?s|welke)\s+(?:" + _MODIFIERS + r"\s+){0,3}(?P<q1>" + _PARLIAMENT + r"|" + _DOCUMENTS +
    r")\b|(?:has|have|did)\s+(?:any|an?|some)\s+(?P<q2>" + _PARLIAMENT + r")\b|(?:un|des)\s+(?P<q3>" + _PARLIAMENT +
    r")\s+(?:a|ont)-t-(?:il|ils)\b|(?:heeft|hebben)\s+(?:er\s+)?(?:ooit\s+)?(?:een|enig|enige)\s+(?P<q4>" +
    _PARLIAMENT + r")\b|(?:y\s+a-t-il\s+(?:eu\s+)?des|zijn\s+er|are\s+there(?:\s+any)?)\s+(?:" + _MODIFIERS +
    r"\s+){0,2}(?P<q5>" +
    _PARLIAMENT + r"|" + _DOCUMENTS + r")\b)", re.I)
# what is left of such a request once the words that ask for the list are gone
_REQUEST_WORDS = re.compile(
    r"(?<![\w-])(?:a-t-il|ont-ils|y\s+a-t-il|which|what|quel(?:le)?s|welke|earlier|previous|former|past|précédentes?|antérieures?|eerdere|vorige|"
    r"parliamentary|parlementaires?|parlementaire|written|écrites?|schriftelijke|has|have|did|any|an?|some|un|des|"
    r"heeft|hebben|er|ooit|een|enig|enige|eu|zijn|are|there|déjà|already|al|ever|ministres?|ministers?|minister|"
    r"deal[ts]?|dealt|with|about|on|concern(?:ed|ing|s)?|regarding|asked|ask|raised|mention(?:ed|s)?|portai(?:en)?t|"
    r"porté|portent|sur|concernai(?:en)?t|concernant|traitai(?:en)?t|traitent|traité|de|du|la|le|les|l|interrogé|"
    r"posé|gingen|gaan|ging|over|handelden|handelen|betreffende|behandelden|gesteld|vragen\s+gesteld|stelde|"
    r"gevraagd|members?|of|parliament|" + _PARLIAMENT + r"|" + _DOCUMENTS + r")(?![\w-])", re.I)


def list_request(question: str) -> tuple[str, str]:
    """('questions' | 'documents', topic) when the question asks for a list of documents, else ('', '')."""
    match = _LIST_REQUEST.match(question)
    if not match:
        return "", ""
    asked = next(g for g in match.groups() if g)
    wants = "documents" if re.fullmatch(_DOCUMENTS, asked, re.I) else "questions"
    topic = " ".join(_REQUEST_WORDS.sub(" ", question.replace("?", " ")).split())
    return wants, topic if len(topic.split()) >= 1 else question


def question_language(question: str) -> str:
    """The language of its first interrogative (not an acronym: "WHO"), else lingua's reading (keywords,
    "Est-ce que …")."""
    for word in re.findall(r"\w+", question):
        if word.lower() in _WH_LANGUAGE and not (len(word) > 1 and word.isupper()):
            return _WH_LANGUAGE[word.lower()]
    return detect_language(question, default="fr")


# what a question opens with: a wh-word, or an inversion ("Que dit…", "Est-ce que…", "Does GRETA…")
_INTERROGATIVES = _WH_WORDS | {"que", "qu", "est-ce", "does", "do", "did", "is", "are", "was", "were", "can", "has",
                               "have"}


# ", et comment …", " en wanneer …", " and how …": a second question asked in the same sentence
_SECOND_PART = re.compile(r",?\s+(?:et|en|and)\s+(?=(?:" + "|".join(sorted(_WH_WORDS)) + r")\b)", re.I)


def question_parts(question: str) -> list[str]:
    """The questions a compound question asks ("Qu'est-ce qu'un loverboy et comment recrute-t-il ses victimes ?"),
    each answered by its own sentence; one part for a simple question."""
    parts = [p.strip() for p in _SECOND_PART.split(question) if p.strip()]
    return parts if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else [question]


def is_question(text: str) -> bool:
    """A question rather than keywords ("Myria annual report 2019"), which may be after a title."""
    first = re.match(r"[\w-]+", text.strip().lower())
    return text.rstrip().endswith("?") or bool(first and first.group() in _INTERROGATIVES)


# "… according to Payoke", "selon le GRETA", "volgens Myria", "selon le Protocole de Palerme"; "What does GRETA say",
# "Wat zegt de CNCDH", "Que dit Myria"
_NAME = r"[A-ZÀ-Ý][\w'’-]+"
# A cited name runs on over a joining word before a capitalised one ("Protocol van Palermo", "Council of Europe");
# the joining words are not looked for in documents' names (answer.passages.names).
JOINING = ("de", "du", "des", "la", "le", "les", "van", "der", "den", "het", "of", "the", "for", "on")
_JOINED_NAME = _NAME + r"(?:\s+(?:(?:" + "|".join(JOINING) + r")\s+|[dl]['’])?" + _NAME + ")*"
_ARTICLE = r"\s+(?:the |le |la |les |l['’]|de |het )?)"
_ACCORDING = re.compile(r"(?i:\b(?:according to|selon|d['’]après|volgens|aldus)" + _ARTICLE +
                        "(" + _JOINED_NAME + ")")
_SAYS = re.compile(r"(?i:\b(?:what|wat|que)\s+(?:does|did|do|zegt|zei|zeggen|dit|disent)" + _ARTICLE +
                   r"(" + _NAME + r"(?:\s+" + _NAME + r")*)")


def attributed_to(question: str) -> str:
    """The source a question names as the one speaking ("… according to Payoke?", "selon le GRETA"), or ''."""
    match = _ACCORDING.search(question) or _SAYS.search(question)
    return re.sub(r"['’]s$", "", match.group(1)) if match else ""  # "GRETA's third report": GRETA
