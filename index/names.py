"""The names index (issue 21): people, organisations and places the documents mention, their variants grouped, and a
page per name — its documents with dates, the names that appear with it most, its timeline.

No named-entity model is used yet: names are runs of capitalised words and initials (`text.person_names`), with a
gazetteer built from the corpus itself to drop what is only a capitalised common word — a run's leading words that
the corpus also writes in lower case, or that are stopwords or sentence openers ("Selon S. van der Berg" is
"S. van der Berg"; "Les" is no name). Variants
group when they are the same words case and accents aside ("Sürya", "Surya"), when an initial stands for a first
name and only one full name fits ("S. De Hovre", "Sarah De Hovre"), and when the thesaurus gives them as one
concept's FR/NL/EN terms ("Myria", "Federaal Migratiecentrum")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from core.records import Document
from index.collection import Collection
from index.screening import NamesIndex, names_index
from index.thesaurus import load_thesaurus
from text.dates import date_bounds, newest_first
from text.person_names import words
from text.tokens import STOPWORDS

_LOWER_WORD = re.compile(r"\b[a-zà-ÿ][\w'’-]*")
# Words that open a sentence before a name, in the three languages, beside the stopwords: a small corpus may never
# write them in lower case ("Selon Sarah De Hovre", "Volgens S. De Hovre", "According to Myria").
_OPENERS = frozenset("selon d'après pour avec sans chez depuis volgens aldus voor met zonder bij sinds according "
                     "for with without since".split())


@dataclass(frozen=True)
class Name:
    name: str  # its most frequent written form
    variants: tuple[str, ...]  # every written form, most frequent first
    documents: tuple[str, ...]  # ids of the documents that mention it
    mentions: int


@dataclass(frozen=True)
class NamePage:
    name: Name
    documents: tuple[Document, ...]  # newest first, undated last
    with_most: tuple[tuple[str, int], ...]  # names in the most of its documents, with how many
    timeline: dict[str, int]  # documents per year; 'undated' apart


def build_names(runs: NamesIndex) -> list[Name]:
    """Every name of the documents, variants grouped, most documents first, from the name-like runs that screening
    reads too (index.screening.NamesIndex: the documents are read and scanned once for both)."""
    lower = {w for d in runs.documents.values() for w in _LOWER_WORD.findall(d.text)} | STOPWORDS | _OPENERS
    forms: dict[str, Counter] = defaultdict(Counter)  # group key → written forms
    docs: dict[str, set[str]] = defaultdict(set)
    for run, mentions in runs.mentions.items():
        form = _strip_common(run, lower)
        if form:
            key = " ".join(words(form))
            forms[key][form] += len(mentions)
            docs[key].update(doc_id for doc_id, _, _ in mentions)
    for merged, into in _merges(list(forms)).items():
        forms[into].update(forms.pop(merged))
        docs[into] |= docs.pop(merged)
    names = [Name(f.most_common(1)[0][0], tuple(v for v, _ in f.most_common()), tuple(sorted(docs[k])),
                  sum(f.values())) for k, f in forms.items()]
    return sorted(names, key=lambda n: (-len(n.documents), n.name.lower()))


def _strip_common(run: str, lower: set[str]) -> str:
    """The run without its leading words that the corpus also writes in lower case; '' when nothing is left or
    what is left is one short word."""
    parts = run.split()
    while parts and (parts[0].lower() in lower and not parts[0].isupper()):
        parts.pop(0)
    form = " ".join(parts)
    return form if len(form.replace(".", "")) >= 3 else ""


def _merges(keys: list[str]) -> dict[str, str]:
    """Group key → the key it joins: an initial's only full name, a thesaurus concept's first term found."""
    out: dict[str, str] = {}
    full = [k.split() for k in keys if all(len(w) > 1 for w in k.split())]
    for key in keys:
        ws = key.split()
        if any(len(w) == 1 for w in ws) and any(len(w) > 1 for w in ws):
            fits = [f for f in full if len(f) == len(ws) and all(a == b or (len(a) == 1 and b.startswith(a))
                                                                  for a, b in zip(ws, f))]
            if len(fits) == 1:
                out[key] = " ".join(fits[0])
    present = set(keys)
    for concept in load_thesaurus():
        terms = [" ".join(words(t)) for ts in concept.terms.values() for t in ts]
        found = [t for t in dict.fromkeys(terms) if t in present and t not in out]
        for other in found[1:]:
            out[other] = found[0]
    return out


def names(collection: Collection) -> list[Name]:
    """The collection's names index, built once per store generation."""
    return collection.cached("names_index", lambda: build_names(names_index(collection)))


def name_page(collection: Collection, name: str) -> NamePage | None:
    """The page of the name whose variants include `name` (case and accents aside), or None."""
    wanted = " ".join(words(name))
    index = names(collection)
    found = next((n for n in index if any(" ".join(words(v)) == wanted for v in n.variants)), None)
    if found is None:
        return None
    docs = collection.store.documents(found.documents)
    ordered = newest_first(sorted(docs.values(), key=lambda d: d.path), lambda d: d.date)
    mine = set(found.documents)
    with_most = Counter({n.name: len(mine & set(n.documents)) for n in index if n is not found})
    timeline = Counter((d.date[:4] if date_bounds(d.date or "")[0] else "undated") for d in ordered)
    return NamePage(found, tuple(ordered), tuple((n, c) for n, c in with_most.most_common(10) if c),
                    dict(sorted(timeline.items())))
