"""The Streamlit app through Streamlit's AppTest (no browser), on the small real index."""


import pytest
from streamlit.testing.v1 import AppTest

from ingest.uploads import safe_filename
from radar.render import escape, highlight
from tests.conftest import ROOT, as_built_before_passage_title

APP = str(ROOT / "app.py")


def test_escape_makes_html_and_markdown_inert():
    hostile = '<script>alert("x")</script> [click](http://evil) **bold** <img src=x onerror=alert(1)>'
    out = escape(hostile)
    assert "<" not in out and ">" not in out and "[" not in out and "](" not in out and "**" not in out
    marked = highlight("avant <b>quote</b> après", 6, 18)
    assert '<mark id="radar-quote">&#60;b&#62;quote&#60;/b&#62;</mark>' in marked


def test_upload_names_are_sanitised():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\rapport final (2).pdf") == "rapport_final_2_.pdf"
    assert safe_filename("...") == "upload"


@pytest.fixture()
def app(built_index, monkeypatch):
    monkeypatch.setenv("RADAR_INDEX_DIR", str(built_index))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    assert not at.exception
    return at


@pytest.mark.slow
def test_ask_flow_with_citation_and_reference(app):
    app.text_input(key="question").input("Combien de bars ont été placés sous scellés dans le quartier Nord ?")
    app.button(key="FormSubmitter:ask-form-Demander").click().run()
    assert not app.exception
    answer = [m.value for m in app.markdown if "radar-answer" in m.value]
    assert answer and "30 bars" in answer[0]
    assert app.expander and app.expander[0].label.startswith("[1]")
    assert any("n°1200" in c.value for c in app.code)  # the pasteable reference, with its copy button
    assert any(c.value.startswith("Probabilité que ces citations répondent à la question :") for c in app.caption)


@pytest.mark.slow
def test_refusal_is_explained_in_the_interface_language(app):
    app.sidebar.selectbox(key="ui_lang").select("en").run()
    app.text_input(key="question").input("How many trafficking hotlines operate in Spain?")
    app.button(key="FormSubmitter:ask-form-Ask").click().run()
    assert any("does not clearly answer" in w.value for w in app.warning)


@pytest.mark.slow
def test_language_switch_translates_labels(app):
    app.sidebar.selectbox(key="ui_lang").select("nl").run()
    assert app.title[0].value == "Radar — mensenhandel"
    assert app.text_input(key="question").label.startswith("Uw vraag")


@pytest.mark.slow
def test_keyword_search_with_filters_true_counts_and_exports(app):
    from radar.export import COLUMNS

    app.sidebar.radio(key="mode").set_value("search").run()
    app.sidebar.selectbox(key="f_lang").select("nl").run()
    app.text_input(key="query").input("mensenhandel")
    app.button(key="FormSubmitter:search-form-Rechercher").click().run()
    assert not app.exception
    assert len(app.dataframe) == 5  # counts by document, year, language, source + the results table
    summary = next(m.value for m in app.markdown if "occurrences" in m.value)
    passages = int(summary.split()[0])
    table = app.dataframe[4].value
    assert list(table.columns[:4]) == ["titre", "date", "langue", "type"]  # what a journalist triages by, first
    assert set(table["langue"]) == {"nl"} and len(table) == passages  # every match, no top k
    assert not any(str(v).startswith("/") for v in table["titre"])  # titles, not paths
    assert len(app.get("download_button")) == 4  # CSV, CSV with ;, XLSX, JSON
    assert len(COLUMNS) == 8


@pytest.mark.slow
def test_semantic_search_says_it_is_not_every_match(app):
    app.sidebar.radio(key="mode").set_value("search").run()
    app.radio(key="search_kind").set_value("semantic")  # a form: sent with its button
    app.text_input(key="query").input("Welk organisme werkt een actieplan rond prostitutie uit?")
    app.button(key="FormSubmitter:search-form-Rechercher").click().run()
    assert not app.exception
    assert any("pas toutes les occurrences" in m.value for m in app.markdown)


@pytest.mark.slow
def test_collection_page(app):
    app.sidebar.radio(key="mode").set_value("collection").run()
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Documents"]) >= 10
    assert not app.warning  # an index built by this Radar: no note that it should be rebuilt


@pytest.mark.slow
def test_hostile_document_renders_inert(tmp_path, monkeypatch):
    from index.collection import Collection
    from index.indexer import ingest_paths

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hostile.html").write_text(
        "<html><body><main><p>Rapport sur la traite des êtres humains à Anvers. "
        "&lt;script&gt;alert('pwned')&lt;/script&gt; [cliquez ici](http://evil.example) **urgent** "
        "&lt;img src=x onerror=alert(1)&gt; Payoke accompagne 120 victimes.</p></main></body></html>",
        encoding="utf-8")
    ingest_paths(Collection(tmp_path / "idx", create=True), [str(docs)])
    monkeypatch.setenv("RADAR_INDEX_DIR", str(tmp_path / "idx"))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.text_input(key="question").input("Combien de victimes Payoke accompagne-t-elle à Anvers ?")
    at.button(key="FormSubmitter:ask-form-Demander").click().run()
    rendered = " ".join(m.value for m in at.markdown)
    assert "alert" in rendered  # the text is there...
    for active in ("<script", "<img", "](http", "**urgent**", "onerror=alert"):
        assert active not in rendered  # ...but nothing in it can act


@pytest.mark.slow
def test_document_viewer_opens_on_the_quote(app):
    app.text_input(key="question").input("Combien de bars ont été placés sous scellés dans le quartier Nord ?")
    app.button(key="FormSubmitter:ask-form-Demander").click().run()
    app.button(key="open-cite-1").click().run()
    assert not app.exception
    frames = [e.proto.srcdoc for e in app.main if type(e).__name__ == "UnknownElement" and hasattr(e.proto, "srcdoc")]
    assert frames and 'id="radar-quote"' in frames[0] and "scrollIntoView" in frames[0]  # scrolled to the quote
    assert "30 bars" in frames[0].split('id="radar-quote"')[1][:400]
    assert app.button(key="close-viewer")


def test_every_interface_text_exists_in_three_languages():
    from radar.ui_text import TEXT

    for key, entry in TEXT.items():
        assert set(entry) == {"fr", "nl", "en"} and all(entry.values()), key


@pytest.mark.slow
def test_recent_searches_come_back(app):
    app.sidebar.radio(key="mode").set_value("search").run()
    app.text_input(key="query").input("mensenhandel")
    app.button(key="FormSubmitter:search-form-Rechercher").click().run()
    app.text_input(key="query").input("")
    app.run()
    assert any("mensenhandel" in str(o) for o in app.selectbox(key="history_pick").options)


@pytest.mark.slow
def test_an_index_built_by_an_older_radar_is_said_to_search_worse_across_languages(built_index, tmp_path, monkeypatch):
    import shutil

    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    as_built_before_passage_title(index)
    monkeypatch.setenv("RADAR_INDEX_DIR", str(index))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.sidebar.radio(key="mode").set_value("collection").run()
    assert [w.value for w in at.warning] == [
        "Cet index a été construit par une version antérieure de Radar, qui lisait deux fois la première ligne d'une "
        "page : les mêmes fichiers versés dans un nouvel index (--index-dir ou --collection) se retrouvent mieux d'une "
        "langue à l'autre."]
