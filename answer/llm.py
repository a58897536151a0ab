"""Optional language-model answers (off by default), checked sentence by sentence against the passages.

Any LangChain chat model works. `RADAR_LLM` (or `radar ask --llm`) names one:
`openai:MODEL@BASE_URL` (any OpenAI-compatible server; needs langchain-openai), `ollama:MODEL` (needs
langchain-ollama) or `llamacpp:/path/model.gguf` (needs langchain-community and llama-cpp-python).
What the model writes is kept only when every sentence cites a passage it was given and every quoted
span is found verbatim in a cited passage; the rest is removed and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from answer.reference import reference
from core.errors import ModelUnavailable
from core.records import Citation, Hit
from text.normalise import folded_words
from text.sentences import claim_sentences, sentence_spans

_LANGUAGE = {"fr": "French", "nl": "Dutch", "en": "English"}
_CITE = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"[\"“«]\s*([^\"”»]{4,}?)\s*[\"”»]")

PROMPT = """You answer questions from journalists using ONLY the numbered passages below.
Answer in {language}, in at most four sentences. End every sentence with the number(s) of the passage(s)
it relies on, like [1] or [2][3]. When you give a figure, a date or a name, quote the passage's exact words
between double quotes. If the passages do not answer the question, say so.

Passages:
{passages}

Question: {question}"""


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    removed: list[str]


def make_chat_model(spec: str):
    """Build a LangChain chat model from a spec string; ModelUnavailable names what to install."""
    kind, _, rest = spec.partition(":")
    try:
        if kind == "openai":
            from langchain_openai import ChatOpenAI

            model, _, url = rest.partition("@")
            return ChatOpenAI(model=model, base_url=url or None, temperature=0)
        if kind == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(model=rest, temperature=0)
        if kind == "llamacpp":
            from langchain_community.chat_models import ChatLlamaCpp

            return ChatLlamaCpp(model_path=rest, temperature=0)
    except ImportError as exc:
        package = {"openai": "langchain-openai", "ollama": "langchain-ollama",
                   "llamacpp": "langchain-community llama-cpp-python"}[kind]
        raise ModelUnavailable(f"the {kind!r} language model needs: pip install {package}") from exc
    raise ModelUnavailable(f"unknown language model {spec!r}: use openai:MODEL@URL, ollama:MODEL or llamacpp:PATH")


def prompt(question: str, lang: str, hits: list[Hit]) -> str:
    passages = "\n\n".join(f"[{n}] ({h.document.title[:80]}, {h.document.date or 'n.d.'}) {h.chunk.text}"
                           for n, h in enumerate(hits, start=1))
    return PROMPT.format(language=_LANGUAGE.get(lang, "French"), passages=passages, question=question)


def llm_answer(chat_model, question: str, lang: str, hits: list[Hit]) -> Checked:
    reply = chat_model.invoke(prompt(question, lang, hits))
    return check(getattr(reply, "content", str(reply)), hits)


def check(text: str, hits: list[Hit]) -> Checked:
    """Keep sentences that cite given passages and whose quotes are verbatim there; build citations."""
    kept, removed = [], []
    quotes: dict[int, tuple[int, int]] = {}
    used: dict[int, str] = {}
    for sentence in claim_sentences(text):
        cited = [int(n) for n in _CITE.findall(sentence)]
        if not cited or any(not 1 <= n <= len(hits) for n in cited):
            removed.append(sentence)
            continue
        spans = []
        for quoted in _QUOTED.findall(sentence):
            found = _find(quoted, [(n, hits[n - 1]) for n in cited])
            if found is None:
                spans = None
                break
            spans.append(found)
        if spans is None:
            removed.append(sentence)
            continue
        for n, start, end in spans:
            quotes.setdefault(n, (start, end))
        for n in cited:
            used.setdefault(n, sentence)
        kept.append(sentence)
    citations = []
    for n in sorted(used):
        hit = hits[n - 1]
        start, end = quotes.get(n) or _best_sentence(hit, used[n])
        citations.append(Citation(n, hit, hit.document.text[start:end], start, end,
                                  reference(hit.document, hit.chunk, (start, end))))
    return Checked(" ".join(kept), citations, removed)


def _find(quoted: str, cited: list[tuple[int, Hit]]) -> tuple[int, int, int] | None:
    """(passage number, start, end) where a quoted span stands verbatim (spacing aside) in a cited passage."""
    pattern = r"\s+".join(re.escape(w) for w in quoted.split())
    for n, hit in cited:
        m = re.search(pattern, hit.chunk.text)
        if m:
            return n, hit.chunk.char_start + m.start(), hit.chunk.char_start + m.end()
    return None


def _best_sentence(hit: Hit, claim: str) -> tuple[int, int]:
    """The passage sentence sharing most words with the model's sentence (what to show as evidence)."""
    words = set(folded_words(claim))
    spans = sentence_spans(hit.document.text, hit.chunk.char_start, hit.chunk.char_end) or \
        [(hit.chunk.char_start, hit.chunk.char_end)]
    return max(spans, key=lambda sp: len(words & set(folded_words(hit.document.text[sp[0]:sp[1]]))))
