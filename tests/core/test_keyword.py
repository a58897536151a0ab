"""Keyword queries: the syntax a journalist types, and word-by-word matching (what counts as one occurrence)."""

from __future__ import annotations

import pytest

from core.errors import InvalidQuery
from core.keyword import All, AnyOf, Matcher, Not, Term, indexed_stems, indexed_words, parse


def spans(query: str, text: str, lang: str = "fr", **options) -> list[str] | None:
    found = Matcher(parse(query, **options)).spans(text, lang)
    return None if found is None else [text[s:e] for s, e in found]


def test_operators_phrases_prefixes_and_precedence():
    assert parse('loverboys "Quartier Nord" OR traffick*').expression == AnyOf((
        All((Term(("loverboys",)), Term(("quartier", "nord")))), Term(("traffick",), prefix=True)))
    assert parse("Payoke AND (Myria OR Sürya) -budget").expression == All((
        Term(("payoke",)), AnyOf((Term(("myria",)), Term(("sürya",)))), Not(Term(("budget",)))))
    assert parse("NOT Payoke").expression == Not(Term(("payoke",)))
    assert parse("PAG-ASA").expression == Term(("pag", "asa"))  # a compound is its words in a row
    assert parse("or and").expression == All((Term(("or",)), Term(("and",))))  # lower case: French/English words


def test_field_filters_join_the_command_line_ones():
    q = parse("mensenhandel lang:nl year:2019 source:Kamer type:written_question")
    assert q.expression == Term(("mensenhandel",))
    assert (q.filters.lang, q.filters.since, q.filters.until, q.filters.source, q.filters.doc_type) == (
        "nl", "2019", "2019", "Kamer", "written_question")
    assert parse('source:"Myria asbl" traite').filters.source == "Myria asbl"


@pytest.mark.parametrize("query, message", [
    ('"Quartier Nord', "unclosed quote"), ("(a OR b", "without its ')'"), ("a OR b)", "without its '('"),
    ("a OR", "nothing on one side"), ("*", "a * goes at the end"), ("tra*ite", "a * goes at the end"),
    ("author:Dupont", "unknown field author"), ("year:20", "not a year"), ("", "empty"),
    ('- "" /', "no word to look for")])
def test_bad_queries_say_what_to_fix(query, message):
    with pytest.raises(InvalidQuery, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        parse(query)


def test_words_match_whole_without_case_never_inside_another_word():
    text = "Les loverboys (LOVERBOYS) ciblent; le loverboysme n'existe pas, ni anti-loverboys."
    assert spans("loverboys", text) == ["loverboys", "LOVERBOYS", "loverboys"]
    assert spans("loverboy", text) is None
    assert spans("loverboy*", text) == ["loverboys", "LOVERBOYS", "loverboysme", "loverboys"]


def test_phrases_cross_punctuation_and_lines_but_not_other_words():
    text = "Les bars du Quartier\nNord ; le quartier-Nord aussi, mais pas le quartier du Nord."
    assert spans('"quartier nord"', text) == ["Quartier\nNord", "quartier-Nord"]
    assert spans("l'exploitation", "Contre l’exploitation sexuelle") == ["l’exploitation"]


def test_accents_matter_unless_asked_and_stems_match_other_forms():
    text = "La sécurité des victimes; securite sans accents."
    assert spans("sécurité", text) == ["sécurité"]
    assert spans("sécurité", text, accents=False) == ["sécurité", "securite"]
    assert spans("victime", text) is None
    assert spans("victime", text, stems=True) == ["victimes"]
    assert spans("slachtoffer", "De slachtoffers werden opgevangen.", lang="nl", stems=True) == ["slachtoffers"]


def test_boolean_logic_and_what_is_highlighted():
    text = "Payoke et Sürya accueillent les victimes."
    assert spans("Payoke AND Sürya", text) == ["Payoke", "Sürya"]
    assert spans("Payoke -Sürya", text) is None
    assert spans("Payoke OR Myria", text) == ["Payoke"]
    assert spans("NOT Myria", text) == spans("-Myria -Paris", text) == []  # matches, nothing to mark
    assert spans("-Myria -Sürya OR Payoke", text) == ["Payoke"]
    assert spans("year:2019", text) == []  # filters alone: every passage of that year
    assert spans("(Myria OR Payoke) AND victimes", text) == ["Payoke", "victimes"]


def test_what_the_indexes_hold_lines_up_word_for_word():
    text = "Sécurité: l'exploitation des PAG-ASA."
    assert indexed_words(text) == "securite l exploitation des pag asa"
    assert len(indexed_stems(text, "fr").split()) == len(indexed_words(text).split())
