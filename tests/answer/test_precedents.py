"""Precedent lists: a question that asks for documents is answered with the list of them, versions grouped, each
with the sentence that makes it relevant, sortable by date; a topic nothing deals with gets an honest "none"."""

from __future__ import annotations

import pytest

from answer.compose import ask
from answer.precedents import names_topic
from answer.question import analyse, list_request
from tests.fakes import ingested


@pytest.mark.parametrize("question, wants, topic", [
    ("Which earlier parliamentary questions dealt with unaccompanied minors who disappear?", "questions",
     "unaccompanied minors who disappear"),
    ("Quelles questions écrites portaient sur les loverboys ?", "questions", "loverboys"),
    ("Welke vragen gingen over de Fioul Gang?", "questions", "Fioul Gang"),
    ("Has any MP asked about forced labour in car washes?", "questions", "forced labour in car washes"),
    ("Un député a-t-il déjà interrogé le ministre sur les mineurs non accompagnés disparus ?", "questions",
     "mineurs non accompagnés disparus"),
    ("Zijn er documenten over mensenhandel in de bouwsector?", "documents", "mensenhandel in bouwsector"),
    ("Which documents mention Sürya?", "documents", "Sürya"),
    ("What is the budget of the Sürya shelter?", "", ""),
    ("Welke organisatie helpt slachtoffers van mensenhandel?", "", ""),
])
def test_a_request_for_documents_is_recognised_with_its_topic(question, wants, topic):
    assert list_request(question) == (wants, topic)
    assert analyse(question).wants == wants


def test_a_document_names_the_topic_by_stem_or_through_the_thesaurus():
    assert names_topic("loverboys", "Tienerpooiers proberen kwetsbare meisjes te ronselen.", "nl")  # thesaurus
    assert names_topic("victime de traite", "Les victimes de la traite des êtres humains", "fr")  # stems
    assert names_topic("mineurs non accompagnés disparus", "Des mineurs étrangers non accompagnés", "fr")  # 1 of 3+
    assert not names_topic("price bananas Ecuador", "Le prix du pétrole en Équateur", "fr")
    assert not names_topic("loverboys", "La police a contrôlé les bars du quartier Nord.", "fr")


QUESTIONS = {  # written questions in the Chamber's file naming: the id gives the year and links the versions
    "qrva_55-B017-12-0347-2019202002664.fr.txt": "Récemment, je vous ai questionné à propos des loverboys. Ces "
    "loverboys recrutent des jeunes filles vulnérables sur les réseaux sociaux.",
    "qrva_55-B017-12-0347-2019202002664.nl.txt": "Onlangs heb ik u vragen gesteld over de loverboys. Deze loverboys "
    "ronselen kwetsbare meisjes via sociale netwerken.",
    "qrva_54-B140-5-1233-2017201819411.nl.txt": "De problematiek van tienerpooiers blijft groeien. Hoeveel "
    "tienerpooiers werden in 2017 vervolgd?",
    "qrva_55-B030-18-0011-2020202106460.fr.txt": "Le budget des pistes cyclables en Wallonie a été revu. Quel "
    "montant est prévu pour 2021?",
}


@pytest.fixture()
def chamber(tmp_path):
    c = ingested(tmp_path, QUESTIONS)
    yield c
    c.close()


def test_precedents_are_listed_once_per_question_with_their_versions(chamber):
    answer = ask(chamber, "Which earlier parliamentary questions dealt with loverboys?", order="date")
    assert answer.kind == "list" and not answer.refused
    docs = [c.hit.document.path.rsplit("/", 1)[-1] for c in answer.citations]
    assert len(docs) == 2 and "qrva_55-B030-18-0011-2020202106460.fr.txt" not in docs  # the cycle lanes are not
    assert docs[0].startswith("qrva_55-B017") and docs[1].startswith("qrva_54-B140")  # newest first: 2019, 2017
    loverboys = answer.citations[0]
    assert any(p.endswith(".nl.txt") if docs[0].endswith(".fr.txt") else p.endswith(".fr.txt")
               for p in loverboys.hit.also_in)  # its other-language version, grouped with it
    assert "loverboys" in loverboys.quote.lower() and loverboys.quote in loverboys.hit.document.text
    assert answer.text.splitlines()[0].startswith("2 documents deal with “loverboys”, newest first")
    assert "tienerpooiers" in answer.text.lower()  # the sentence that makes the 2017 question relevant


def test_a_topic_no_document_deals_with_is_said_so(chamber):
    answer = ask(chamber, "Quelles questions écrites portaient sur le prix des bananes en Équateur ?")
    assert answer.kind == "list" and answer.refused and not answer.citations
    assert answer.text.startswith("Aucun document du corpus ne semble traiter de « prix bananes en Équateur »")
