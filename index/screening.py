"""Screening a list of names against the collection (issue 21): for each name, the documents that mention it — the
same name (case and accents aside) kept apart from lookalikes (a misspelling, a transliteration, an initial for a
first name), each with the form found, a score and the sentence it stands in.

The collection's names (`text.person_names.names_in`: runs of capitalised words and initials) are read once per
store generation into a word index, so a name is compared with the few runs that share a word like one of its own,
not with every name of the corpus."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from core.errors import InvalidQuery
from core.records import Document
from index.collection import Collection
from text.person_names import FUZZY, match, names_in, words
from text.sentences import sentence_spans

CONTEXT = 400  # characters either side of a mention read to find its sentence
MAX_NAMES = 100_000


@dataclass(frozen=True)
class ScreenHit:
    document: Document
    matched: str  # the name as the document writes it
    exact: bool
    score: float
    start: int  # the first mention, in the document's text
    end: int

    def sentence(self) -> str:
        """The sentence the first mention stands in (verbatim)."""
        text = self.document.text
        lo, hi = max(0, self.start - CONTEXT), min(len(text), self.end + CONTEXT)
        spans = sentence_spans(text, lo, hi) or [(lo, hi)]
        s, e = next(((s, e) for s, e in spans if s <= self.start < e), (self.start, self.end))
        return text[s:e]


@dataclass(frozen=True)
class Screened:
    name: str
    hits: tuple[ScreenHit, ...]  # exact ones first, then by score; one per document and form found


class NamesIndex:
    """Every name-like run of the collection's documents: its written forms with their mentions, and a word
    index over them."""

    def __init__(self, documents: dict[str, Document]) -> None:
        self.documents = documents
        self.mentions: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # form → (doc id, start, end)
        self.by_word: dict[str, set[str]] = defaultdict(set)  # word → forms holding it
        for doc in documents.values():
            for form, start, end in names_in(doc.text):
                self.mentions[form].append((doc.id, start, end))
        for form in self.mentions:
            for word in words(form):
                self.by_word[word].add(form)
        self.vocabulary = list(self.by_word)

    @classmethod
    def build(cls, store) -> "NamesIndex":
        return cls(store.documents())

    def candidates(self, name: str) -> set[str]:
        """Forms sharing a word like one of the name's (initials aside): the only ones worth comparing."""
        found: set[str] = set()
        for word in (w for w in words(name) if len(w) > 1):
            found |= self.by_word.get(word, set())
            if len(word) >= 4:
                for similar, _, _ in process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY,
                                                     limit=50):
                    found |= self.by_word[similar]
        return found

    def screen(self, name: str) -> Screened:
        best: dict[tuple[str, str], ScreenHit] = {}
        for form in self.candidates(name):
            m = match(name, form)
            if m is None:
                continue
            for doc_id, start, end in self.mentions[form]:
                key = (doc_id, form)
                if key not in best:  # the first mention of this form in this document
                    at = start + max(form.find(m.matched), 0)  # where the part that matched stands
                    best[key] = ScreenHit(self.documents[doc_id], m.matched, m.exact, m.score, at, at + len(m.matched))
        hits = sorted(best.values(), key=lambda h: (not h.exact, -h.score, h.document.path, h.start))
        return Screened(name, tuple(hits))


def read_names(data: bytes, source: str) -> list[str]:
    """One name per line (UTF-8); blank lines and lines starting with # skipped, duplicates once."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidQuery(f"{source} is not UTF-8 text (byte {exc.start}): save the list as UTF-8") from exc
    names = list(dict.fromkeys(line.strip() for line in text.splitlines()
                               if line.strip() and not line.lstrip().startswith("#")))
    if not names:
        raise InvalidQuery(f"{source} holds no name: write one name per line")
    if len(names) > MAX_NAMES:
        raise InvalidQuery(f"{source} holds {len(names):,} names; screen at most {MAX_NAMES:,} at a time")
    return names


def names_index(collection: Collection) -> NamesIndex:
    """The collection's name-like runs, built once per store generation."""
    return collection.cached("names", lambda: NamesIndex(collection.documents()))


def screen(collection: Collection, names: list[str]) -> list[Screened]:
    """Each name screened against the collection."""
    index = names_index(collection)
    return [index.screen(name) for name in names]
