"""What a question asks for: its language and the kind of fact (frequency, number, date, name, place)."""

from __future__ import annotations

import re

from text.dates import MONTH_NAMES, YEAR
from text.language import detect_language
from text.names import figures, name_runs
from text.normalise import alphanumeric

_KINDS = [
    ("frequency", r"\b(how often|how frequently|how many times a|hoe vaak|hoe dikwijls|hoe frequent|à quelle fréquence|"
                  r"combien de fois|tous les combien)\b"),
    ("number", r"\b(combien|quel(?:le)? (?:nombre|part|pourcentage|montant|budget)|how (?:many|much)|what "
               r"(?:number|share|percentage|amount)|hoeveel|welk (?:aantal|percentage|bedrag)|quel âge|hoe oud|"
               r"what age|how old)\b"),
    ("date", r"\b(quand|depuis quand|en quelle année|à quelle date|when|since when|in what year|what year|"
             r"wanneer|sinds wanneer|in welk jaar|op welke datum)\b"),
    # "Quels sont les trois centres", "Which three centres", "Welke drie centra": a count may stand before the noun
    ("name", r"\b(qui|quel(?:le)?s? (?:sont (?:les |la |le )?)?(?:\w+ )?(?:organismes?|ministres?|organisations?|"
             r"associations?|centres?|pays|groupes?)|who|which (?:\w+ )?(?:organi[sz]ations?|ministers?|body|bodies|"
             r"ngos?|centres?|centers?|countries|country|groups?)|wie|welke? (?:\w+ )?(?:organisaties?|organismen?|"
             r"organisme|ministers?|verenigingen?|vereniging|centra|centrum|land|landen|groep|groepen))\b"),
    # "Where does trafficking rank among criminal activities?" asks for a place in a ranking, not on a map
    ("place", r"\b(où|where|waar)\b(?!.*\b(?:rank|ranks|ranked|ranking|classe|classement|rangschik\w*)\b)"),
]
_NUMBER = re.compile(r"\d|jarig|\bans\b|year-old|years old|\b(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente|cent|"
                     r"mille|dizaine|trentaine|centaine|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|"
                     r"dertig|honderd|duizend|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|hundred|"
                     r"thousand)\b", re.I)
_MONTHS = "|".join(m for m in MONTH_NAMES if m != "may")  # not the English verb
_DATE = re.compile(rf"\b(19|20)\d{{2}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b({_MONTHS})\b", re.I)
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:er|e)?\s+(?:{_MONTHS})\b", re.I)
_FREQUENCY = re.compile(r"\b(?:every|each|elke|iedere?|chaque|tou(?:te)?s les)\s+(?:\w+\s+)?(?:day|week|month|year|"
                        r"jour|semaine|mois|ans?|année|dag|maand|jaar)s?\b|\b(?:daily|weekly|monthly|annually|yearly|"
                        r"quarterly|dagelijks|wekelijks|maandelijks|jaarlijks|driemaandelijks|quotidiennement|"
                        r"mensuellement|annuellement)\b|\b(?:fois|keer|maal|times?|twice|once)\s+(?:par|per|a|in|een|"
                        r"l['’])|\b(?:per|par)\s+(?:an|jaar|year|mois|maand|month|semaine|week)\b", re.I)


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


def asked_kind(question: str) -> str:
    """'frequency', 'number', 'date', 'name', 'place' or '' (a plain topical question)."""
    q = question.lower()
    for kind, pattern in _KINDS:
        if re.search(pattern, q):
            return kind
    return ""


def holds_kind(sentence: str, kind: str, question: str = "") -> bool:
    """Does the sentence contain the kind of fact the question asks for? For a name or a place, one the question
    does not already give: "the Belgian authorities" does not answer "which centres … in Belgium"."""
    if kind == "frequency":
        return bool(_FREQUENCY.search(sentence))
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind in {"name", "place"}:
        given = alphanumeric(question)
        return any(alphanumeric(name)[:5] not in given for name in name_runs(sentence))
    return True


def new_figure(sentence: str, question: str) -> bool:
    """Does the sentence give a figure the question does not already state? Years and days of a month are
    dates, not the count or amount a "how many / how much" question wants."""
    given = set(figures(question))
    return any(f not in given and not YEAR.fullmatch(f)
               for f in figures(_DAY_OF_MONTH.sub(" ", sentence)))


# "… according to Payoke", "selon le GRETA", "volgens Myria"; "What does GRETA say", "Wat zegt de CNCDH",
# "Que dit Myria"
_ATTRIBUTION = re.compile(r"(?i:\b(?:according to|selon|d['’]après|volgens|aldus|"
                          r"(?:what|wat|que)\s+(?:does|did|do|zegt|zei|zeggen|dit|disent))"
                          r"\s+(?:the |le |la |les |l['’]|de |het )?)"
                          r"([A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)*)")


def attributed_to(question: str) -> str:
    """The source a question names as the one speaking ("… according to Payoke?", "selon le GRETA"), or ''."""
    match = _ATTRIBUTION.search(question)
    return match.group(1) if match else ""


# capitalised words that open a question or its clauses rather than name something
_QUESTION_WORDS = _WH_WORDS | {"is", "de", "het", "la", "le", "les", "the", "in", "en", "selon", "volgens", "according",
                               "sinds", "depuis", "since"}


_CONNECTORS = {"of", "de", "des", "du", "van", "der", "den", "het", "and", "et", "en"}


def salient_terms(question: str) -> list[str]:
    """Names and numbers a real answer must mention: runs of capitalised words past the first word (one
    term per run, so 'Interdepartmental Coordination Unit' is one name), acronyms, years and figures."""
    out: list[str] = []
    run: list[str] = []
    words = [m.group().strip(".'’-") for m in re.finditer(r"[\w'’.-]+", question)]
    for i, word in enumerate(words):
        capital = i > 0 and len(word) > 2 and word[:1].isupper() and word.lower() not in _QUESTION_WORDS
        if capital or (word.isupper() and len(word) >= 2):
            run.append(word)
            continue
        if run and word in _CONNECTORS and i + 1 < len(words) and words[i + 1][:1].isupper():
            run.append(word)  # one name: "Council of Ministers", "Conseil des ministres" stays whole
            continue
        if run:
            out.append(" ".join(run))
            run = []
        if word.isdigit() and len(word) >= 3:
            out.append(word)
    if run:
        out.append(" ".join(run))
    return out
