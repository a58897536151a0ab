"""The names index (issue 21): people, organisations and places the documents mention, their variants grouped, and a
page per name — its documents with dates, the names that appear with it most, its timeline.

Names come from `text.name_rules` (capitalised runs cleaned with a gazetteer built from the corpus, and ISO country
names), with spaCy's French model's spans for French documents (`index.ner`), which also say whether a name is a
person, an organisation or a place; a Dutch or English name takes the kind its French mentions were given.
Variants group when they are the same words case and accents aside ("Sürya", "Surya"), when an initial stands for a
first name and only one full name fits ("S. De Hovre", "Sarah De Hovre"), and when the thesaurus gives them as one
concept's FR/NL/EN terms ("Myria", "Federaal Migratiecentrum"). Precision and recall on 230 hand-checked names:
`bench/names_quality.py`."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from core.records import Document
from index.collection import Collection
from index.ner import french_entities
from index.thesaurus import load_thesaurus
from text.dates import date_bounds, newest_first
from text.name_rules import Mention, Vocabulary, mentions
from text.person_names import words


@dataclass(frozen=True)
class Name:
    name: str  # its most frequent written form
    variants: tuple[str, ...]  # every written form, most frequent first
    documents: tuple[str, ...]  # ids of the documents that mention it
    mentions: int
    kind: str = ""  # person, organisation, place, or '' when neither the French model nor the country list says


@dataclass(frozen=True)
class NamePage:
    name: Name
    documents: tuple[Document, ...]  # newest first, undated last
    with_most: tuple[tuple[str, int], ...]  # names in the most of its documents, with how many
    timeline: dict[str, int]  # documents per year; 'undated' apart


def document_mentions(documents: dict[str, Document]) -> dict[str, list[Mention]]:
    """Document id → the names it writes, in order."""
    vocabulary = Vocabulary((d.text, d.lang) for d in documents.values())
    french = [d for d in documents.values() if d.lang == "fr"]
    spans = dict(zip((d.id for d in french), french_entities([d.text for d in french])))
    return {d.id: mentions(d.text, vocabulary, d.lang, spans.get(d.id, ())) for d in documents.values()}


def build_names(documents: dict[str, Document]) -> list[Name]:
    """Every name of the documents, variants grouped, most documents first."""
    return group_names(document_mentions(documents))


def group_names(found_in: dict[str, list[Mention]]) -> list[Name]:
    """Names from each document's mentions: variants grouped, each group with the kind its mentions were most
    often given (a Dutch mention takes its French mentions' kind)."""
    forms: dict[str, Counter] = defaultdict(Counter)  # group key → written forms
    kinds: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for doc_id, found in found_in.items():
        for m in found:
            key = " ".join(words(m.form))
            forms[key][m.form] += 1
            docs[key].add(doc_id)
            if m.kind:
                kinds[key][m.kind] += 1
    for merged, into in _merges(list(forms)).items():
        forms[into].update(forms.pop(merged))
        docs[into] |= docs.pop(merged)
        kinds[into].update(kinds.pop(merged, Counter()))
    names = [Name(f.most_common(1)[0][0], tuple(v for v, _ in f.most_common()), tuple(sorted(docs[k])),
                  sum(f.values()), kinds[k].most_common(1)[0][0] if kinds.get(k) else "") for k, f in forms.items()]
    return sorted(names, key=lambda n: (-len(n.documents), n.name.lower()))


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
    return collection.cached("names_index", lambda: build_names(collection.documents()))


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
