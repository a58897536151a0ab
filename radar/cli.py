"""The `radar` command: parse options, make one library call, print. Errors become one clear line."""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import click

from core.errors import InvalidQuery, RadarError
from core.query import MAX_RESULTS
from core.settings import location
from radar.output import document_line, document_summary, dumps, one_line, printable


def index_option(fn):
    @click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Index folder (default: $RADAR_INDEX_DIR or .radar/ in the working directory).")
    @click.option("--store", default=None, metavar="URI",
                  help="A shared PostgreSQL + pgvector store instead of a folder: postgresql://user@host/db "
                       "(default: $RADAR_STORE).")
    @click.option("--collection", default=None,
                  help="Named collection inside the store (default: $RADAR_COLLECTION or 'default').")
    @functools.wraps(fn)
    def wrapper(*args, index_dir=None, store=None, collection=None, **kwargs):
        try:
            where = location(index_dir, store, collection)
        except RadarError as exc:
            raise click.BadParameter(str(exc), param_hint="--collection") from exc
        return fn(*args, where=where, **kwargs)

    return wrapper


def filter_options(fn):
    @click.option("--lang", type=click.Choice(["fr", "nl", "en"]), help="Only passages in this language.")
    @click.option("--since", help="Only documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    @click.option("--until", help="Only documents dated on or before this date.")
    @click.option("--type", "doc_type", help="Only this document type (written_question, report, legislation, document).")
    @click.option("--source", help="Only documents whose source contains this text (e.g. Myria).")
    @click.option("--include-undated", is_flag=True, help="With --since/--until: keep undated documents too.")
    @functools.wraps(fn)
    def wrapper(*args, lang=None, since=None, until=None, doc_type=None, source=None, include_undated=False,
                **kwargs):
        from core.errors import InvalidQuery
        from core.filters import Filters

        try:
            filters = Filters(lang, since, until, doc_type, source, include_undated)
        except InvalidQuery as exc:
            raise click.BadParameter(str(exc)) from exc
        return fn(*args, filters=filters, **kwargs)

    return wrapper


def rerank_option(fn):
    @click.option("--no-rerank", is_flag=True, help="Keep the hybrid search's order: the relevance judge does not "
                  "reorder the top passages (faster, for bulk work).")
    @functools.wraps(fn)
    def wrapper(*args, no_rerank=False, **kwargs):
        return fn(*args, rerank=0 if no_rerank else None, **kwargs)

    return wrapper


def friendly_errors(fn):
    """Radar's errors as one line: a query that cannot be searched is a usage error (exit 2), others exit 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InvalidQuery as exc:
            raise click.UsageError(printable(str(exc))) from exc
        except RadarError as exc:
            raise click.ClickException(printable(str(exc))) from exc

    return wrapper


def echo(message: str = "", **kwargs) -> None:
    """Print, with the control characters a file name or a document could carry shown, not obeyed."""
    click.echo(printable(str(message)), **kwargs)


def secho(message: str, **kwargs) -> None:
    click.secho(printable(str(message)), **kwargs)


@click.group()
@click.version_option(package_name="radar")
def cli() -> None:
    """Radar: cited semantic search over human-trafficking policy documents (FR/NL/EN), offline."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@index_option
@click.option("--prune", is_flag=True, help="Remove documents whose files no longer exist.")
@click.option("--model", default=None, help="Embedding model (sentence-transformers folder or name); fixed per index.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default=None, help="Where to run the embedding model.")
@click.option("--precision", type=click.Choice(["int8", "fp32"]), default=None,
              help="int8 (default): ONNX Runtime, ~2.5x faster ingest on a CPU; fp32: sentence-transformers.")
@click.option("--follow-links", is_flag=True,
              help="Follow symbolic links that lead outside the folders given (default: skip them with a line).")
@click.option("--metadata", "manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="A TSV with a 'file' column and any of title, date, source, type, author, addressee, url, licence: "
                   "what it says wins over what Radar reads in the texts (a sidecar FILE.json/.yml beside a file "
                   "wins over both).")
@click.option("--silent", is_flag=True, help="No progress bar.")
@friendly_errors
def ingest(paths, where, prune, model, device, precision, follow_links, manifest, silent):
    """Add files and folders (.txt .md .html .pdf .docx, scans through OCR) to the index.

    Exit status: 0 when every file was read (or skipped as unsupported, unchanged or a copy), 1 when some
    failed (each one is listed with its reason), 2 for a usage error."""
    from index.collection import Collection
    from index.indexer import ingest_paths
    from ingest.given import Manifest
    from radar.progress import ProgressBars

    given = Manifest(manifest) if manifest else None  # read first: a bad manifest stops before any change
    collection = Collection(where, create=True, model=model, device=device, precision=precision)
    with ProgressBars(disabled=silent) as bars:
        report = ingest_paths(collection, list(paths), prune=prune, progress=bars.update, follow_links=follow_links,
                              manifest=given)
    for r in report.results:
        if r.status == "failed":
            echo(f"FAILED {one_line(r.path)}: {r.detail}", err=True)
        elif r.status in {"duplicate", "removed", "skipped"}:
            echo(f"{r.status} {one_line(r.path)}: {r.detail.removeprefix('skipped: ')}", err=True)
    echo(summary(report))
    if collection.repeats_opening_titles:
        from radar.ui_text import t

        echo(f"Note: {t('older_index', 'en')}", err=True)
    from index.watch import new_documents, watches

    for w in watches(collection):  # what each saved search has that is new
        n = len(new_documents(collection, w))
        if n:
            echo(f"Watch-list {one_line(w.name)!r}: {n} new documents (`radar watch new {one_line(w.name)!r}`).")
    if report.failed:
        sys.exit(1)


def summary(report) -> str:
    done = [r for r in report.results if r.status in {"added", "updated"}]
    stats = report.stats
    langs = ", ".join(f"{k or '?'} {v}" for k, v in sorted(stats.get("languages", {}).items()))
    lines = [
        f"Ingested {len(done)} documents ({report.count('added')} new, {report.count('updated')} changed), "
        f"{sum(r.pages for r in done)} pages ({sum(r.pages for r in done if r.ocr)} through OCR), "
        f"{sum(r.chunks for r in done)} chunks in {report.seconds:.1f} s "
        f"(embedding {report.embed_seconds:.1f} s).",
        f"Skipped {report.count('unchanged')} unchanged, {report.count('duplicate')} identical copies, "
        f"{report.count('skipped')} unsupported; removed {report.count('removed')}; failed {len(report.failed)}.",
        f"Index: {stats.get('documents', 0)} documents, {stats.get('chunks', 0)} chunks; languages: {langs}; "
        f"links: {stats.get('links', {})}.",
    ]
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@index_option
@filter_options
@click.option("--k", "k", default=10, show_default=True, type=click.IntRange(1, MAX_RESULTS), help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--batch", type=click.File("r"), help="Read one query per line from FILE ('-' = stdin); JSON lines out.")
@click.option("--keyword", is_flag=True, help='Keyword mode: every passage with these words, counted (exact words, '
              '"phrases", AND / OR / NOT, -word, prefix*, source: type: lang: year:).')
@click.option("--any-accent", is_flag=True, help="Keyword mode: 'securite' also matches 'sécurité'.")
@click.option("--stems", is_flag=True, help="Keyword mode: match every form of a word (victime, victimes) in the "
              "passage's language; implies --any-accent.")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the results to FILE.csv (UTF-8, opens in Excel) or FILE.xlsx.")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="The CSV export's separator (';' for a French or Dutch Excel).")
@rerank_option
@friendly_errors
def search(query, where, filters, k, as_json, batch, keyword, any_accent, stems, export_to, delimiter, rerank):
    """Find passages for a question or keywords in French, Dutch or English."""
    from index.collection import Collection
    from index.relevance import likely_answers
    from index.search import search as run_search
    from index.search import undated_left_out
    from radar.output import hit_json

    if not query and not batch:
        raise click.UsageError("give a QUERY or --batch FILE")
    if export_to:
        from radar.export import check

        check(export_to)
    if keyword:
        if batch:
            raise click.UsageError("--keyword reads one QUERY, not --batch")
        return keyword_command(Collection(where), query, filters, as_json, not any_accent, stems, export_to, delimiter)
    if any_accent or stems:
        raise click.UsageError("--any-accent and --stems apply to --keyword searches")
    collection = Collection(where, rerank=rerank)
    if batch:
        for line in filter(str.strip, batch):
            try:
                result = {"results": [hit_json(h) for h in run_search(collection, line.strip(), k=k, filters=filters)]}
            except InvalidQuery as exc:  # one bad line is reported on its own line; the batch goes on
                result = {"error": str(exc)}
            echo(dumps({"query": line.strip(), **result}))
        return
    hits = run_search(collection, query, k=k, filters=filters)
    if export_to:
        from radar import export

        export.write([export.hit_row(h) for h in hits], export_to, delimiter)
    undated = undated_left_out(collection, filters)
    if as_json:
        echo(dumps({"query": query, "mode": "semantic", "likely_answers": likely_answers(hits),
                    "undated_left_out": undated, "results": [hit_json(h) for h in hits]}, indent=1))
        return
    if undated:
        echo(f"({undated} undated documents were left out by the date filter; --include-undated keeps them.)",
             err=True)
    if not hits:
        echo("No passage matches (check the filters).")
    for n, hit in enumerate(hits, start=1):
        d, c = hit.document, hit.chunk
        where = f"p. {c.page}" if c.page else (c.section or "")
        secho(f"[{n}] {one_line(d.title[:90])}", bold=True)
        echo(f"    {one_line(d.path)} · {d.date or 'n.d.'} · {d.doc_type} · {c.lang} {where}".rstrip())
        echo("    " + " ".join(c.text.split())[:300] + ("…" if len(c.text) > 300 else ""))
        if hit.also_in:
            echo(f"    also in: {', '.join(hit.also_in)}")


def keyword_command(collection, query: str, filters, as_json: bool, accents: bool, stems: bool, export_to: Path | None,
                    delimiter: str) -> None:
    from core.keyword import parse
    from index.keyword import keyword_search
    from radar import export
    from radar.output import keyword_json

    result = keyword_search(collection, parse(query, accents=accents, stems=stems, filters=filters))
    if export_to:
        export.write(export.keyword_rows(result), export_to, delimiter)
    if as_json:
        echo(dumps(keyword_json(result), indent=1))
        return
    echo(f"{result.total_passages} passages in {result.total_documents} documents, {result.occurrences} "
         "occurrences: every match, newest first.")
    for facet, counts in (("year", result.by_year), ("language", result.by_language), ("source", result.by_source)):
        if counts:
            echo(f"  by {facet}: " + ", ".join(f"{one_line(v)} {c['documents']} doc. / {c['passages']} pass."
                                               for v, c in counts.items()))
    if result.undated_left_out:
        echo(f"  {result.undated_left_out} undated documents also match but were left out by the date filter "
             "(--include-undated keeps them).")
    for n, kh in enumerate(result.hits, start=1):
        d, c = kh.hit.document, kh.hit.chunk
        place = f"p. {c.page}" if c.page else (c.section or "")
        secho(f"[{n}] {one_line(d.title[:90])}", bold=True)
        echo(f"    {one_line(d.path)} · {d.date or 'undated'} · {d.doc_type} · {c.lang} {place}".rstrip())
        click.echo("    " + marked(d.text, c.char_start, c.char_end, kh.spans))


def marked(text: str, start: int, end: int, spans, width: int = 160) -> str:
    """The passage around its first match on one line, every match in bold (the text made printable first)."""
    lo = max(start, spans[0][0] - width // 2) if spans else start
    hi = min(end, lo + 2 * width)
    out, at = [], lo
    for s, e in spans:
        if s < at or e > hi:
            continue
        out += [printable(_spaced(text[at:s])), click.style(printable(text[s:e]), bold=True)]
        at = e
    out.append(printable(_spaced(text[at:hi])))
    return ("…" if lo > start else "") + "".join(out).strip() + ("…" if hi < end else "")


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@cli.command()
@click.argument("question", required=False)
@index_option
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--batch", type=click.File("r"), help="Read one question per line from FILE ('-' = stdin); JSON lines out.")
@click.option("--llm", envvar="RADAR_LLM", default=None,
              help="Optional language model (openai:MODEL@URL, ollama:MODEL, llamacpp:PATH); default: quotes only.")
@click.option("--sort", "order", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="The order of a list of documents ('Which questions dealt with …?').")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the cited documents to FILE.csv or FILE.xlsx (a list of precedents, say).")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="The CSV export's separator.")
@rerank_option
@friendly_errors
def ask(question, where, filters, as_json, batch, llm, order, export_to, delimiter, rerank):
    """Answer a question with verbatim quotes and numbered citations (or say the corpus does not answer)."""
    from answer.compose import ask as run_ask
    from index.collection import Collection
    from radar.output import answer_json

    if not question and not batch:
        raise click.UsageError("give a QUESTION or --batch FILE")
    if export_to:
        from radar.export import check

        check(export_to)
    collection = Collection(where, rerank=rerank)
    chat_model = None
    if llm:
        from answer.llm import make_chat_model

        chat_model = make_chat_model(llm)
    elif not as_json and not batch:
        echo("(No language model configured: the answer is made of extracted quotes.)", err=True)
    if batch:
        for line in filter(str.strip, batch):
            try:
                echo(dumps(answer_json(run_ask(collection, line.strip(), filters, chat_model, order))))
            except InvalidQuery as exc:
                echo(dumps({"question": line.strip(), "error": str(exc)}))
        return
    answer = run_ask(collection, question, filters, chat_model, order)
    if export_to:
        from radar import export

        export.write([export.hit_row(c.hit) for c in answer.citations], export_to, delimiter)
    if as_json:
        echo(dumps(answer_json(answer), indent=1))
        return
    echo(answer.text)
    if answer.note and not answer.refused:
        echo(f"({answer.note})", err=True)
    if answer.answerability is not None and not answer.refused:
        echo(f"(likelihood that these quotes answer the question: {round(100 * answer.answerability)} %, relevance "
             "model)", err=True)
    for c in answer.citations:
        if answer.kind != "list":  # a list names each document on its own line already
            echo(f"[{c.n}] {c.reference} — {one_line(c.hit.document.path)}")
    if answer.refused:
        for n, hit in enumerate(answer.passages, start=1):
            echo(f"  · {one_line(hit.document.title[:80])} ({one_line(hit.document.path)})")
            echo("    " + " ".join(hit.chunk.text.split())[:240] + "…")


@cli.command()
@click.argument("names_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every hit to FILE.csv or FILE.xlsx.")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="The CSV export's separator.")
@friendly_errors
def screen(names_file, where, as_json, export_to, delimiter):
    """Check every name of NAMES_FILE (one per line) against the documents: the same name (case and accents aside)
    kept apart from lookalikes (misspellings, transliterations, initials), each with the sentence it stands in."""
    from index.collection import Collection
    from index.screening import read_names
    from index.screening import screen as run_screen
    from radar import export
    from radar.output import screen_json

    if export_to:
        export.check(export_to)
    names = read_names(names_file.read_bytes(), names_file.name)
    results = run_screen(Collection(where), names)
    if export_to:
        export.write(export.screen_rows(results), export_to, delimiter, export.SCREEN_COLUMNS)
    if as_json:
        echo(dumps(screen_json(results), indent=1))
        return
    found = [r for r in results if r.hits]
    echo(f"{len(found)} of {len(results)} names found in the documents; {len(results) - len(found)} not found.")
    for r in results:
        exact = sum(h.exact for h in r.hits)
        echo(f"{'+' if r.hits else '-'} {one_line(r.name)}: {exact} exact, {len(r.hits) - exact} lookalike(s)")
        for h in r.hits:
            kind = "exact" if h.exact else f"lookalike {h.score:g}"
            echo(f"    [{kind}] {one_line(h.matched)} — {one_line(h.document.path)} ({h.document.date or 'undated'})")
            echo("      " + " ".join(h.sentence().split())[:200])


@cli.command(name="names")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--min-documents", default=1, show_default=True, type=click.IntRange(1), help="Names in at least N documents.")
@friendly_errors
def names_command(where, as_json, min_documents):
    """The names the documents mention (people, organisations, places), their variants grouped, most documents
    first."""
    from index.collection import Collection
    from index.names import names

    found = [n for n in names(Collection(where)) if len(n.documents) >= min_documents]
    if as_json:
        echo(dumps({"names": [{"name": n.name, "kind": n.kind, "variants": list(n.variants),
                               "documents": len(n.documents), "mentions": n.mentions} for n in found]}, indent=1))
        return
    for n in found:
        others = [v for v in n.variants if v != n.name]
        echo(f"{len(n.documents):5d} doc. · {one_line(n.name)}" + (f" [{n.kind}]" if n.kind else "")
             + (f" ({one_line(', '.join(others[:5]))})" if others else ""))


@cli.command(name="name")
@click.argument("name")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def name_command(name, where, as_json):
    """A name's page: its variants, its documents with dates, the names that appear with it most, its timeline."""
    from index.collection import Collection
    from index.names import name_page

    page = name_page(Collection(where), name)
    if page is None:
        raise InvalidQuery(f"no document names {name!r}; `radar names` lists the names, `radar screen` finds "
                           "lookalikes")
    data = {"name": page.name.name, "kind": page.name.kind, "variants": list(page.name.variants),
            "documents": [document_summary(d) for d in page.documents],
            "with_most": [{"name": n, "documents": c} for n, c in page.with_most], "timeline": page.timeline}
    if as_json:
        echo(dumps(data, indent=1))
        return
    echo(f"{one_line(page.name.name)} — {len(page.documents)} documents; also written "
         f"{one_line(', '.join(page.name.variants[1:]) or '—')}")
    echo("Timeline: " + ", ".join(f"{year} {n}" for year, n in page.timeline.items()))
    echo("With: " + ", ".join(f"{one_line(n)} ({c})" for n, c in page.with_most))
    for d in page.documents:
        echo(document_line(d))


@cli.group()
def watch() -> None:
    """Saved searches that say what is new: `watch add`, `watch list`, `watch new`, `watch remove`."""


@watch.command(name="add")
@click.argument("name")
@click.argument("query")
@index_option
@filter_options
@click.option("--keyword", is_flag=True, help="A keyword search (every match) rather than a semantic one.")
@friendly_errors
def watch_add(name, query, where, filters, keyword):
    """Save QUERY under NAME: documents ingested from now on that match it will be new to it."""
    from index.collection import Collection
    from index.watch import add_watch

    w = add_watch(Collection(where), name, query, keyword, filters)
    echo(f"Watching {w.name!r}: {'keyword' if w.keyword else 'semantic'} search {w.query!r}"
         + (f" ({', '.join(f'{k}={v}' for k, v in w.filters.items())})" if w.filters else "") + ".")


@watch.command(name="list")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def watch_list(where, as_json):
    """The saved searches of this collection, with how many new documents each has."""
    from index.collection import Collection
    from index.watch import new_documents, watches

    collection = Collection(where)
    rows = [(w, len(new_documents(collection, w))) for w in watches(collection)]
    if as_json:
        echo(dumps({"watches": [{"name": w.name, "query": w.query, "keyword": w.keyword, "filters": w.filters,
                                 "new": n} for w, n in rows]}, indent=1))
        return
    if not rows:
        echo("No watch-list yet: `radar watch add NAME QUERY [--keyword]`.")
    for w, n in rows:
        echo(f"{one_line(w.name)}: {n} new — {'keyword' if w.keyword else 'semantic'} {one_line(w.query)!r}")


@watch.command(name="new")
@click.argument("name")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--keep", is_flag=True, help="Keep them new (do not mark the watch-list as seen).")
@friendly_errors
def watch_new(name, where, as_json, keep):
    """The documents new to watch-list NAME since it was last seen; then it is marked as seen (unless --keep)."""
    from index.collection import Collection
    from index.watch import get_watch, mark_seen, new_documents

    collection = Collection(where)
    w = get_watch(collection, name)
    docs = new_documents(collection, w)
    if not keep:
        mark_seen(collection, w.name)
    if as_json:
        echo(dumps({"name": w.name, "new": [document_summary(d) for d in docs]}, indent=1))
        return
    echo(f"{len(docs)} new documents for {w.name!r}.")
    for d in docs:
        echo(document_line(d))


@watch.command(name="remove")
@click.argument("name")
@index_option
@friendly_errors
def watch_remove(name, where):
    """Forget watch-list NAME."""
    from index.collection import Collection
    from index.watch import remove_watch

    remove_watch(Collection(where), name)
    echo(f"Removed {name!r}.")


@cli.command()
@click.argument("path")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def show(path, where, as_json):
    """Print a document's stored text and metadata."""
    from radar.output import document_json
    from store import open_store

    store = open_store(where)
    doc = store.document(store.doc_id_for_path(path))
    if as_json:
        echo(dumps(document_json(doc, store.paths_of(doc.id)), indent=1))
        return
    secho(doc.title, bold=True)
    echo(f"{doc.path} · {doc.date or 'n.d.'} · {doc.doc_type} · {doc.lang} · {doc.source}")
    echo()
    echo(doc.text)


@cli.command(name="export")
@click.argument("folder", type=click.Path(path_type=Path))
@index_option
@friendly_errors
def export_command(folder, where):
    """Write a collection (documents, chunks, metadata, vectors) to a portable folder."""
    from index.collection import Collection
    from index.transfer import export_collection

    report = export_collection(Collection(where), folder)
    echo(f"Exported {report.documents} documents, {report.chunks} chunks, {report.files} file paths "
               f"from {where} to {folder} in {report.seconds:.1f} s.")


@cli.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@index_option
@click.option("--silent", is_flag=True, help="No progress bar.")
@friendly_errors
def import_command(folder, where, silent):
    """Load a folder written by `radar export` into a store, without re-embedding."""
    from index.collection import Collection
    from index.transfer import import_collection, read_manifest
    from radar.progress import ProgressBars

    collection = Collection(where, create=True, model=read_manifest(folder)["model"])
    with ProgressBars(disabled=silent) as bars:
        report = import_collection(collection, folder, progress=bars.update)
    echo(f"Imported {report.documents} documents, {report.chunks} chunks, {report.files} file paths "
               f"into {where} in {report.seconds:.1f} s.")


@cli.command(name="grant-read")
@click.argument("role")
@index_option
@friendly_errors
def grant_read(role, where):
    """Let an existing PostgreSQL ROLE search a collection without being able to change it."""
    from store import open_store

    open_store(where).grant_read(role)
    echo(f"Role {role!r} may now read collection {where.collection!r} (and not change it).")


@cli.command(name="eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@click.option("--parallel", "parallel_files", multiple=True, type=click.Path(path_type=Path),
              help="TSV of parallel-version groups (default: parallel_groups*.tsv beside QUESTIONS and "
                   "the corpus MANIFEST.tsv when found).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON only.")
@click.option("--misses", is_flag=True, help="List the questions whose gold document is not in the top 5.")
@click.option("--answers", is_flag=True, help="Evaluate `ask` instead: first citation in gold, quote overlap, refusals.")
@rerank_option
@friendly_errors
def eval_command(questions, where, parallel_files, as_json, misses, answers, rerank):
    """Recall@1/5/10, MRR@10 and nDCG@10 at document level on a question set (or answer quality)."""
    import os

    from index.collection import Collection
    from radar.evaluation import (
        answer_table,
        evaluate,
        evaluate_answers,
        format_table,
        read_parallel_groups,
        read_questions,
    )
    from radar.evaluation import parallel_files as default_parallel_files

    if not parallel_files:  # beside the questions, else the shared evaluation material next to the repo
        shared = Path(os.environ.get("RADAR_SHARED", "../shared"))
        parallel_files = default_parallel_files(shared, beside=questions.parent)
    parallel = read_parallel_groups(list(parallel_files))
    if answers:
        rows = evaluate_answers(Collection(where, rerank=rerank), read_questions(questions), parallel)
        table = answer_table(rows)
        import numpy as np

        ms = [1000 * r.seconds for r in rows]
        latency = {"ask_p50_ms": round(float(np.percentile(ms, 50)), 1), "ask_p95_ms": round(float(np.percentile(ms, 95)), 1)}
        if not as_json:
            echo(format_table(table))
            echo(f"ask latency: p50 {latency['ask_p50_ms']} ms, p95 {latency['ask_p95_ms']} ms")
        echo(dumps({"answers": table, **latency}))
        return
    report = evaluate(Collection(where, rerank=rerank), read_questions(questions), parallel)
    rows = report.table()
    if not as_json:
        echo(format_table(rows))
        if misses:
            for r in report.rows:
                if r.question.gold and not (r.first_hit_rank and r.first_hit_rank <= 5):
                    echo(f"miss {r.question.qid} ({r.first_hit_rank}): {r.question.text}")
    echo(dumps({"metrics": rows}))


@cli.command()
@index_option
@click.option("--port", default=8501, show_default=True, help="Port to serve the app on (localhost).")
@click.option("--host", default="localhost", show_default=True, help="Address to listen on.")
def app(where, port, host):
    """Start the Streamlit app on the index (ask, search, add documents, collection)."""
    import importlib.util
    import os

    app_file = importlib.util.find_spec("app").origin  # the Streamlit script, found without running it

    command = [sys.executable, "-m", "streamlit", "run", app_file, "--server.port", str(port),
               "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal",
               "--", "--collection", where.collection]
    # The store URI travels in the environment, not argv: a password must not show in the process list.
    env = {**os.environ, "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1"), "RADAR_STORE": where.target}
    echo(f"Radar app on http://{host}:{port} (index: {where})")
    sys.stdout.flush()
    # Become the Streamlit server (not its parent): a stop signal sent to `radar app` reaches the server
    # itself, so a stopped app never leaves a 1-GB server running behind it.
    os.execve(sys.executable, command, env)


def main() -> None:
    cli(prog_name="radar")


if __name__ == "__main__":
    main()
