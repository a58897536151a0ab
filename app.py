"""Radar's Streamlit app: a thin shell over the library (search, ask, ingest, store statistics).

Run with `radar app [--index-dir DIR] [--port N]`. Document text is always escaped (radar.render).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import streamlit as st

from radar.render import counts, escape, highlight, to_json
from radar.ui_text import LANGUAGES, t


def where():
    """The collection to serve: `--index-dir DIR` / `--collection NAME` after `--`, else $RADAR_STORE etc."""
    from core.settings import location

    args = sys.argv[1:]

    def arg(name: str) -> str | None:
        return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None

    return location(arg("--index-dir"), None, arg("--collection"))


@st.cache_resource(show_spinner=True)
def open_collection(target: str, name: str):
    """Opened once per server process; the model and indexes load here, not on the first question."""
    from answer.question import question_language
    from core.settings import Location
    from index.collection import Collection

    collection = Collection(Location(target, name), create=True)
    if collection.store.stats()["chunks"]:
        collection.embedder.encode_queries(["warm-up"])
        _ = collection.vectors, collection.lexical
        question_language("préparation du modèle de langue")
    return collection


def interface_language() -> str:
    if "ui_lang" not in st.session_state:
        locale = (st.context.locale or "fr")[:2].lower()
        st.session_state.ui_lang = locale if locale in LANGUAGES else "fr"
    return st.session_state.ui_lang


def sidebar(lang: str):
    from core.errors import InvalidQuery
    from core.filters import Filters

    with st.sidebar:
        st.selectbox(t("interface", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="ui_lang")
        lang = st.session_state.ui_lang
        mode = st.radio(t("mode", lang), ["ask", "search", "follow", "add", "collection"],
                        format_func=lambda m: t(f"mode_{m}", lang), key="mode")
        if st.session_state.get("watch_new"):  # the badge: a label that changed would reset the radio
            st.info(t("watch_badge", lang, n=st.session_state.watch_new))
        st.subheader(t("filters", lang))
        f_lang = st.selectbox(t("f_lang", lang), ["", "fr", "nl", "en"], key="f_lang",
                              format_func=lambda x: t("f_any", lang) if not x else LANGUAGES[x])
        since = st.text_input(t("f_since", lang), key="f_since").strip()
        until = st.text_input(t("f_until", lang), key="f_until").strip()
        doc_type = st.selectbox(t("f_type", lang), ["", "written_question", "report", "legislation", "document"],
                                key="f_type", format_func=lambda x: t("f_any", lang) if not x else x)
        source = st.text_input(t("f_source", lang), key="f_source").strip()
        undated = st.checkbox(t("f_undated", lang), key="f_undated")
    try:
        return lang, mode, Filters(f_lang or None, since or None, until or None, doc_type or None, source or None,
                                   undated)
    except InvalidQuery:
        st.sidebar.error(t("bad_date", lang))
        return lang, mode, Filters(f_lang or None, None, None, doc_type or None, source or None)


def _count_new(collection) -> None:
    """The badge's count, for the next time the sidebar is drawn (keyword watch-lists only: no model to run)."""
    from index.watch import new_documents, watches

    st.session_state.watch_new = sum(len(new_documents(collection, w)) for w in watches(collection) if w.keyword)


def meta_line(hit, lang: str) -> str:
    d, c = hit.document, hit.chunk
    parts = [d.title[:120], f"{t('type', lang)}: {d.doc_type}", f"{t('date', lang)}: {d.date or 'n.d.'}",
             f"{t('language', lang)}: {(c.lang or d.lang).upper()}"]
    if c.page:
        parts.append(f"{t('page', lang)} {c.page}")
    if hit.relevance is not None:  # read by the relevance judge (the search's top passages)
        parts.append(t("relevance", lang, percent=round(100 * hit.relevance)))
    return " · ".join(parts)


def evidence_card(n: int, hit, start: int, end: int, reference: str, lang: str, key: str) -> None:
    from answer.reference import official_link

    d = hit.document
    with st.expander(f"[{n}] {escape(d.title[:90], inline=True)}", expanded=(n == 1)):
        st.markdown(f'<div class="radar-meta">{escape(meta_line(hit, lang))}</div>', unsafe_allow_html=True)
        st.markdown(f'<div class="radar-passage">{highlight(d.text, start, end, context=400)}</div>',
                    unsafe_allow_html=True)
        st.caption(t("reference", lang))
        link = official_link(d)
        st.code(f"{reference}\n{link}" if link else reference, language=None)  # has a copy button; the link as text
        st.caption(escape(d.path, inline=True))
        buttons = st.columns(1 + min(len(hit.also_in), 3))
        if buttons[0].button(t("open_doc", lang), key=f"open-{key}"):
            st.session_state.viewer = (d.id, start, end)
            st.rerun()
        if hit.also_in:
            from text.language import language_from_filename

            st.caption(t("also_in", lang))
            for i, (col, path) in enumerate(zip(buttons[1:], hit.also_in)):
                label = (language_from_filename(Path(path).name) or "").upper() or Path(path).name[:24]
                if col.button(f"{t('open_doc', lang)} · {escape(label, inline=True)}", key=f"version-{key}-{i}",
                              help=escape(path, inline=True)):
                    st.session_state.viewer = (_doc_id(path), 0, 0)
                    st.rerun()


def _doc_id(path: str) -> str:
    return open_collection(*where().key).store.doc_id_for_path(path)


def _pdf_page_png(collection, doc, page_number: int) -> bytes | None:
    """The original PDF page as an image, when the file is still where it was ingested from."""
    import pymupdf

    files = [f for f in collection.store.files().values() if f.doc_id == doc.id]
    for f in files:
        if f.abs_path.lower().endswith(".pdf") and Path(f.abs_path).exists():
            with pymupdf.open(f.abs_path) as pdf:
                return pdf[page_number - 1].get_pixmap(dpi=90).tobytes("png")
    return None


def viewer(collection, lang: str) -> None:
    doc_id, start, end = st.session_state.viewer
    doc = collection.store.document(doc_id)
    st.subheader(f"{t('viewer', lang)}: {escape(doc.title[:100], inline=True)}", anchor=False)  # an anchor link would carry the title
    if st.button(t("close_doc", lang), key="close-viewer"):
        del st.session_state.viewer
        st.rerun()
    page = next((p for p in doc.pages if p.char_start <= start < p.char_end), None)
    if page is not None:
        image = _pdf_page_png(collection, doc, page.number)
        if image:
            st.caption(f"{t('page', lang)} {page.number}")
            st.image(image)
    st.markdown(f'<div class="radar-quote-line"><mark>{escape(doc.text[start:end])}</mark></div>',
                unsafe_allow_html=True)
    # An iframe can run the one script we need (scroll to the quote); the document text in it is escaped.
    import streamlit.components.v1 as components

    components.html(f'<div class="radar-doc" style="font-family:sans-serif;line-height:1.5">'
                    f'{highlight(doc.text, start, end, context=len(doc.text))}</div>'
                    '<script>const m=document.getElementById("radar-quote");if(m){m.scrollIntoView({block:"center"});}'
                    '</script>', height=520, scrolling=True)


def ask_view(collection, lang: str, filters) -> None:
    from answer.compose import ask

    with st.form("ask-form"):
        question = st.text_input(t("question", lang), key="question")
        submitted = st.form_submit_button(t("ask", lang))
    if submitted and question.strip():
        started = time.perf_counter()
        st.session_state.answer = ask(collection, question.strip(), filters)
        st.session_state.answer_seconds = time.perf_counter() - started
    answer = st.session_state.get("answer")
    if answer is None:
        return
    if answer.kind == "list":
        return list_view(answer, lang)
    if answer.refused:
        st.warning(t("refused", lang) if answer.passages else t("no_results", lang))
        if answer.passages:
            st.subheader(t("nearest", lang))
        for i, hit in enumerate(answer.passages, start=1):
            evidence_card(i, hit, hit.chunk.char_start, hit.chunk.char_end,
                          _reference(hit), lang, key=f"near-{i}")
        return
    st.subheader(t("answer", lang))
    st.markdown(f'<div class="radar-answer">{escape(answer.text)}</div>', unsafe_allow_html=True)
    st.caption(t("seconds", lang, s=st.session_state.get("answer_seconds", 0.0)))
    if answer.answerability is not None:
        st.caption(t("answerability", lang, percent=round(100 * answer.answerability)))
    for c in answer.citations:
        evidence_card(c.n, c.hit, c.char_start, c.char_end, c.reference, lang, key=f"cite-{c.n}")


def list_view(answer, lang: str) -> None:
    """The documents a question asked for: sortable, with facets (source, type, year, language, author,
    addressee), a table and exports; each one's card shows the sentence that makes it relevant."""
    import pandas as pd

    from answer.precedents import sorted_by
    from radar.export import hit_row

    if answer.refused:
        st.warning(answer.text)
        for i, hit in enumerate(answer.passages, start=1):
            evidence_card(i, hit, hit.chunk.char_start, hit.chunk.char_end, _reference(hit), lang, key=f"near-{i}")
        return
    order = st.radio(t("sort", lang), ["relevance", "date"], horizontal=True, key="list_order",
                     format_func=lambda o: t(f"sort_{o}", lang))
    cited = sorted_by(list(answer.citations), order)
    st.subheader(t("list_head", lang, n=len(cited)))
    docs = [c.hit.document for c in cited]
    facets = {"by_source": [d.source or t("unknown_source", lang) for d in docs],
              "f_type": [d.doc_type for d in docs], "by_year": [(d.date or t("undated", lang))[:4] for d in docs],
              "by_lang": [c.hit.chunk.lang or d.lang for c, d in zip(cited, docs)],
              "author": [d.metadata.get("author", "—") for d in docs],
              "addressee": [d.metadata.get("addressee", "—") for d in docs]}
    cols = st.columns(len(facets))
    for col, (label, values) in zip(cols, facets.items()):
        col.caption(t(label, lang))
        col.dataframe(pd.Series(values).value_counts().rename_axis(t(label, lang)).reset_index(name=t("count", lang)),
                      hide_index=True)
    table = pd.DataFrame([{t("col_title", lang): d.title, t("col_date", lang): d.date or t("undated", lang),
                           t("col_language", lang): c.hit.chunk.lang or d.lang, t("col_type", lang): d.doc_type,
                           t("author", lang): d.metadata.get("author", ""),
                           t("addressee", lang): d.metadata.get("addressee", ""),
                           t("col_reference", lang): c.reference, t("sentence", lang): c.quote,
                           t("versions", lang): " | ".join(c.hit.also_in)} for c, d in zip(cited, docs)])
    st.dataframe(table, hide_index=True, use_container_width=True)
    export_buttons([hit_row(c.hit) for c in cited], answer.question, lang)
    for i, c in enumerate(cited[:20], start=1):
        evidence_card(i, c.hit, c.char_start, c.char_end, c.reference, lang, key=f"list-{i}")


def _reference(hit) -> str:
    from answer.reference import reference

    return reference(hit.document, hit.chunk)


def search_view(collection, lang: str, filters) -> None:
    """Keyword mode (every match, true counts) or semantic mode (the closest passages, ranked), one form."""
    from core.keyword import parse
    from index.keyword import keyword_search
    from index.search import search
    from index.watch import history, remember

    past = history(collection)
    if past:  # the recent searches of this collection: one click puts one back in the form
        label = lambda i: "—" if i is None else f"{past[i]['query']} ({t('kind_' + _kind(past[i]), lang)})"  # noqa
        chosen = st.selectbox(t("history", lang), [None, *range(len(past))], key="history_pick", format_func=label)
        if chosen is not None and st.session_state.get("history_used") != chosen:
            st.session_state.history_used = chosen
            st.session_state.query = past[chosen]["query"]
            st.session_state.search_kind = _kind(past[chosen])
    with st.form("search-form"):
        kind = st.radio(t("search_kind", lang), ["keyword", "semantic"], horizontal=True, key="search_kind",
                        format_func=lambda m: t(f"kind_{m}", lang))
        query = st.text_input(t("query", lang), key="query", help=t("keyword_help", lang))
        c1, c2, c3 = st.columns(3)
        any_accent = c1.checkbox(t("any_accent", lang), key="any_accent")
        stems = c2.checkbox(t("stems", lang), key="stems")
        k = c3.number_input(t("max_results", lang), min_value=10, max_value=500, value=100, step=10, key="k")
        submitted = st.form_submit_button(t("search", lang))
    if submitted and query.strip():
        if kind == "keyword":
            found = keyword_search(collection, parse(query.strip(), accents=not any_accent, stems=stems,
                                                     filters=filters))
        else:
            found = search(collection, query.strip(), k=int(k), filters=filters)
        st.session_state.search = (kind, query.strip(), found)
        remember(collection, query.strip(), kind == "keyword")
    if "search" not in st.session_state:
        return
    kind, query, found = st.session_state.search
    if kind == "keyword":
        keyword_results(found, lang, collection)
    else:
        semantic_results(collection, query, found, lang, filters)


def _kind(item: dict) -> str:
    return "keyword" if item["keyword"] else "semantic"


def keyword_results(result, lang: str, collection=None) -> None:
    from radar.export import keyword_rows

    if collection is not None:
        with st.form("watch-form"):
            name = st.text_input(t("watch_name", lang), key="watch_name")
            if st.form_submit_button(t("watch_save", lang)) and name.strip():
                from index.watch import add_watch

                add_watch(collection, name, result.query.text, keyword=True, filters=result.query.filters)
                st.success(t("watch_saved", lang, name=name.strip()))

    if result.undated_left_out:
        st.info(t("undated_left_out", lang, n=result.undated_left_out))
    if not result.hits:
        st.info(t("no_results", lang))
        return
    st.markdown(escape(t("keyword_results", lang, n=result.total_passages, d=result.total_documents,
                         o=result.occurrences)), unsafe_allow_html=True)
    year = timeline({k: v["documents"] for k, v in result.by_year.items()}, lang, key="keyword-timeline")
    if year:  # a bar clicked: that year's passages only
        from dataclasses import replace

        result = replace(result, hits=tuple(h for h in result.hits if (h.hit.document.date or "")[:4] == year))
    titles = {h.hit.document.path: h.hit.document.title or h.hit.document.path for h in result.hits}
    facets = {"by_doc": {titles[p]: n for p, n in result.by_document.items()},
              "by_year": {t("undated", lang) if k == "undated" else k: v["passages"]
                          for k, v in result.by_year.items()},
              "by_lang": {k: v["passages"] for k, v in result.by_language.items()},
              "by_source": {k: v["passages"] for k, v in result.by_source.items()}}
    results_table([h.hit for h in result.hits], keyword_rows(result), facets, result.query.text, lang)
    for i, kh in enumerate(result.hits[:20], start=1):
        start, end = kh.spans[0] if kh.spans else (kh.hit.chunk.char_start, kh.hit.chunk.char_end)
        evidence_card(i, kh.hit, start, end, _reference(kh.hit), lang, key=f"res-{i}")


def semantic_results(collection, query: str, hits, lang: str, filters) -> None:
    from index.relevance import likely_answers
    from index.search import undated_left_out
    from radar.export import hit_row

    undated = undated_left_out(collection, filters)
    if undated:
        st.info(t("undated_left_out", lang, n=undated))
    if not hits:
        st.info(t("no_results", lang))
        return
    likely = likely_answers(hits)
    st.markdown(escape(t("semantic_note", lang, n=len(hits), m=likely)), unsafe_allow_html=True)
    tallies = counts(hits)
    facets = {"by_doc": dict(tallies["document"].most_common()), "by_year": dict(tallies["year"].most_common()),
              "by_lang": dict(tallies["language"].most_common())}
    results_table(hits, [hit_row(h) for h in hits], facets, query, lang)
    for i, hit in enumerate(hits[:20], start=1):
        evidence_card(i, hit, hit.chunk.char_start, hit.chunk.char_end, _reference(hit), lang, key=f"res-{i}")


FACET_COLUMN = {"by_doc": "col_document", "by_year": "date", "by_lang": "language", "by_source": "col_source"}


def results_table(hits, rows: list[dict], facets: dict[str, dict], query: str, lang: str) -> None:
    """Counts side by side, the table (title, date, language and type first), and the exports."""
    import pandas as pd

    cols = st.columns(len(facets))
    for col, (label, tally) in zip(cols, facets.items()):
        col.caption(t(label, lang))
        col.dataframe(pd.DataFrame(list(tally.items()), columns=[t(FACET_COLUMN[label], lang), t("count", lang)]),
                      hide_index=True)
    table = pd.DataFrame([{"title": h.document.title or h.document.path, "date": h.document.date or t("undated", lang),
                           "language": row["language"], "type": row["type"], "source": row["source"],
                           "matched": row["matched terms"], "reference": row["reference"],
                           "text": row["passage"]} for h, row in zip(hits, rows)])
    table.columns = [t(f"col_{c}", lang) for c in table.columns]
    st.dataframe(table, hide_index=True, use_container_width=True)  # sortable by any column
    export_buttons(rows, query, lang)


def export_buttons(rows: list[dict], query: str, lang: str) -> None:
    from radar.export import to_csv, to_xlsx

    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(t("export_csv", lang), to_csv(rows), file_name="radar-results.csv", mime="text/csv")
    c2.download_button(t("export_csv_semicolon", lang), to_csv(rows, ";"), file_name="radar-results-excel.csv",
                       mime="text/csv")
    c3.download_button(t("export_xlsx", lang), to_xlsx(rows), file_name="radar-results.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c4.download_button(t("export_json", lang), to_json(query, rows), file_name="radar-results.json",
                       mime="application/json")


def timeline(counts: dict[str, int], lang: str, key: str) -> str | None:
    """Documents per year as a bar chart (undated counted apart, below it); clicking a bar returns its year, which
    the caller filters to."""
    import altair as alt
    import pandas as pd

    dated = {y: n for y, n in counts.items() if y != "undated"}
    if dated:
        data = pd.DataFrame({"year": list(dated), "documents": list(dated.values())})
        pick = alt.selection_point(fields=["year"], name="pick")
        chart = alt.Chart(data).mark_bar().encode(x=alt.X("year:O", title=t("col_date", lang)),
                                                  y=alt.Y("documents:Q", title=t("documents", lang)),
                                                  opacity=alt.condition(pick, alt.value(1.0), alt.value(0.4))
                                                  ).add_params(pick).properties(height=220)
        event = st.altair_chart(chart, on_select="rerun", key=key, use_container_width=True)
    if counts.get("undated"):
        st.caption(t("timeline_undated", lang, n=counts["undated"]))
    if dated:
        chosen = (event.selection.get("pick") or [{}])[0].get("year") if event and event.selection else None
        if chosen:
            st.caption(t("timeline_filter", lang, year=chosen))
        return str(chosen) if chosen else None
    return None


def name_view(collection, lang: str) -> None:
    """A name's page: its variants, the names with it most, its timeline (a bar filters the documents)."""
    import pandas as pd

    from index.names import name_page

    st.subheader(t("names", lang))
    asked = st.text_input(t("name_query", lang), key="name_query").strip()
    if not asked:
        return
    page = name_page(collection, asked)
    if page is None:
        st.info(t("name_none", lang, name=asked))
        return
    st.markdown(escape(t("name_head", lang, name=page.name.name, n=len(page.documents),
                         variants=", ".join(v for v in page.name.variants if v != page.name.name) or "—")),
                unsafe_allow_html=True)
    if page.name.kind:
        st.caption(t(f"kind_{page.name.kind}", lang))
    if page.with_most:
        st.caption(escape(t("name_with", lang) + ", ".join(f"{n} ({c})" for n, c in page.with_most), inline=True))
    year = timeline(page.timeline, lang, key="name-timeline")
    docs = [d for d in page.documents if year is None or (d.date or "")[:4] == year]
    st.dataframe(pd.DataFrame([{t("col_title", lang): d.title, t("col_date", lang): d.date or t("undated", lang),
                                t("col_language", lang): d.lang, t("col_type", lang): d.doc_type,
                                t("col_source", lang): d.source or t("unknown_source", lang)} for d in docs]),
                 hide_index=True, use_container_width=True)


def follow_view(collection, lang: str) -> None:
    """Watch-lists with what is new to each (marked seen on request), and a list of names screened."""
    import pandas as pd

    from index.screening import read_names, screen
    from index.watch import mark_seen, new_documents, watches
    from radar.export import SCREEN_COLUMNS, screen_rows, to_csv, to_xlsx

    st.subheader(t("watches", lang))
    items = watches(collection)
    if not items:
        st.caption(t("no_watch", lang))
    for w in items:
        docs = new_documents(collection, w)
        with st.expander(f"{escape(w.name, inline=True)} — {t('new_count', lang, n=len(docs))}", expanded=bool(docs)):
            st.caption(escape(f"{'keyword' if w.keyword else 'semantic'}: {w.query}", inline=True))
            if docs:
                st.dataframe(pd.DataFrame([{t("col_title", lang): d.title, t("col_date", lang): d.date or
                                            t("undated", lang), t("col_language", lang): d.lang,
                                            t("col_source", lang): d.source or t("unknown_source", lang)}
                                           for d in docs]), hide_index=True, use_container_width=True)
                if st.button(t("mark_seen", lang), key=f"seen-{w.name}"):
                    mark_seen(collection, w.name)
                    st.rerun()
    name_view(collection, lang)
    st.subheader(t("screen", lang))
    upload = st.file_uploader(t("screen_upload", lang), type=["txt"], key="names_upload")
    if st.button(t("screen_run", lang), key="screen-run", disabled=upload is None) and upload is not None:
        st.session_state.screened = screen(collection, read_names(upload.getvalue(), upload.name))
    results = st.session_state.get("screened")
    if results:
        found = sum(bool(r.hits) for r in results)
        st.markdown(escape(t("screen_summary", lang, found=found, total=len(results))), unsafe_allow_html=True)
        rows = screen_rows(results)
        st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)
        c1, c2 = st.columns(2)
        c1.download_button(t("export_csv_semicolon", lang), to_csv(rows, ";", SCREEN_COLUMNS),
                           file_name="radar-screening.csv", mime="text/csv")
        c2.download_button(t("export_xlsx", lang), to_xlsx(rows, SCREEN_COLUMNS), file_name="radar-screening.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def add_view(collection, lang: str) -> None:
    import pandas as pd

    from ingest.readers import SUPPORTED_EXTENSIONS

    max_bytes = collection.env.max_file_bytes
    mb = max_bytes // 2**20
    types = sorted(e.lstrip(".") for e in SUPPORTED_EXTENSIONS)
    st.caption(t("upload_help", lang, types=", ".join(types), mb=mb))
    files = st.file_uploader(t("upload", lang), accept_multiple_files=True, type=types, key="uploads")
    if files and st.button(t("ingest", lang), key="ingest"):
        st.session_state.upload_report = _ingest_uploads(collection, files, lang)
    if st.session_state.get("upload_report"):
        st.subheader(t("report", lang))
        rows = st.session_state.upload_report
        statuses = [r[t("status", lang)] for r in rows]
        done = sum(s in {"added", "updated", "duplicate", "unchanged"} for s in statuses)
        message = t("upload_summary", lang, ok=done, failed=statuses.count("failed"))
        (st.success if "failed" not in statuses else st.warning)(message)
        st.dataframe(pd.DataFrame(st.session_state.upload_report), hide_index=True, use_container_width=True)


def _ingest_uploads(collection, files, lang: str) -> list[dict]:
    """One report row per upload, under the name it was uploaded with."""
    from index.indexer import ingest_uploads
    from ingest.files import too_large

    bar = st.progress(0.0, text=t("ingesting", lang))

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{t('ingesting', lang)} {stage} {done}/{total}")

    results = ingest_uploads(collection, [(f.name, f.getvalue()) for f in files], progress=progress)
    bar.progress(1.0, text=t("ingesting", lang))
    max_bytes = collection.env.max_file_bytes
    return [{t("file", lang): name, t("status", lang): r.status,
             t("detail", lang): t("too_big", lang, mb=max_bytes // 2**20) if too_large(f.size, max_bytes) else
             r.detail or f"{r.chunks} {t('chunks', lang).lower()}"} for f, (name, r) in zip(files, results)]


def collection_view(collection, lang: str) -> None:
    import pandas as pd

    stats = collection.store.stats()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("documents", lang), stats["documents"])
    c2.metric(t("chunks", lang), stats["chunks"])
    size = collection.store.size_bytes() / 1e6
    c3.metric(t("index_size", lang), f"{size:.1f} MB")
    st.caption(f"{t('model', lang)}: {escape(collection.settings.model, inline=True)}")
    if collection.repeats_opening_titles:
        st.warning(t("older_index", lang))
    for key, label in (("languages", "docs_by_lang"), ("chunk_languages", "chunks_by_lang"),
                       ("years", "docs_by_year"), ("doc_types", "docs_by_type")):
        st.caption(t(label, lang))
        data = pd.DataFrame(sorted((k or "?", v) for k, v in stats[key].items()), columns=["key", "n"])
        st.bar_chart(data, x="key", y="n")


def main() -> None:
    st.set_page_config(page_title="Radar", layout="wide")
    lang = interface_language()
    from core.errors import RadarError

    try:  # the follow page's badge, before the sidebar is drawn
        collection = open_collection(*where().key)
        collection.refresh_if_changed()
        _count_new(collection)
    except RadarError:
        pass  # said below, where the page would show
    lang, mode, filters = sidebar(lang)
    st.title(t("title", lang))
    st.caption(t("tagline", lang))
    from core.errors import RadarError

    try:
        collection = open_collection(*where().key)
        collection.refresh_if_changed()
        if "viewer" in st.session_state:
            viewer(collection, lang)
        elif mode == "add":
            add_view(collection, lang)
        elif not collection.store.stats()["documents"]:
            st.info(t("no_index", lang))
        elif mode == "ask":
            ask_view(collection, lang, filters)
        elif mode == "search":
            search_view(collection, lang, filters)
        elif mode == "follow":
            follow_view(collection, lang)
        else:
            collection_view(collection, lang)
    except RadarError as exc:
        st.error(f"{t('error', lang)}: {escape(str(exc), inline=True)}")


if __name__ == "__main__":
    main()
