"""What a query must be before anything searches: some words, in the alphabet Radar's languages use, and a
sensible number of results. Checked once, where search starts, for the CLI, the app and LangChain alike."""

from __future__ import annotations

from core.errors import InvalidQuery
from text.language import foreign_script

MAX_RESULTS = 10_000


def check_query(query: str, k: int = 10) -> str:
    """The query, stripped; InvalidQuery with what to do when it cannot be searched."""
    query = (query or "").strip()
    if not query:
        raise InvalidQuery("the query is empty: type a question or some keywords")
    if not any(ch.isalnum() for ch in query):
        raise InvalidQuery(f"the query {query[:40]!r} has no words: type a question or some keywords")
    script = foreign_script(query)
    if script:
        raise InvalidQuery(f"Radar reads French, Dutch and English; this question is written in {script} script. "
                           "Ask it in one of those languages (a Dutch or English question finds French passages).")
    if not 1 <= k <= MAX_RESULTS:
        raise InvalidQuery(f"the number of results must be between 1 and {MAX_RESULTS:,}, not {k}")
    return query
