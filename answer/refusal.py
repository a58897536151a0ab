"""When the evidence is too weak to answer: Radar refuses rather than quote something nearby."""

from __future__ import annotations

from answer.scoring import Candidate

# Refusal, calibrated on the dev questions with and without answers (radar eval --answers): evidence is
# weak when the best sentence's support (dense + 0.1 × lexical) is low, or when the question's names and
# numbers do not stand together in the answer's passage and the support is not high. 0.845 → 0.84 with the int8
# encoder: at 0.845 it refused 3 of 42 answerable Radar-set questions. With names required together in one
# passage: 2 of 60 answerable and 17 of 20 unanswerable refused (scattered over five passages: 2 and 15). The
# names are read in the passage the best answer comes from, not in whichever passage holds most: "the mayor of
# Liège … in 2024" was answered from a passage with 2024 only (18 of 20 refused; none answerable lost).
MIN_SUPPORT = 0.84
SALIENT_SUPPORT = 0.88
# added to the support of a sentence in another language than the question's: e5 scores a question against the
# best sentence of the same text's other-language version 0.034 lower on average (median 0.033, 21 dev questions
# with gold in two languages). Without it an English question over French- or Dutch-only answers was refused at
# 0.825-0.834 (2 of 10 held-out Chamber questions); no dev refusal changes. Not for SALIENT_SUPPORT: a question's
# name missing from the answer's passage is not excused by its language.
CROSS_LINGUAL = 0.03


def refuse(ranked: list[Candidate], missing: int, lang: str = "") -> bool:
    """Weak evidence: low support (a sentence in another language than the question's, `lang`, is given
    CROSS_LINGUAL), or `missing` names/numbers of the question lacking from the best answer's passage (an answer
    holds them together: "Gand" in one passage and "2022" in another answer nothing) and the support not high."""
    supports = [(c.dense + 0.1 * min(c.lexical, 1.0), lang and (c.hit.chunk.lang or c.hit.document.lang) != lang)
                for c in ranked]
    support = max(s for s, _ in supports)
    allowed = max(s + (CROSS_LINGUAL if other else 0.0) for s, other in supports)
    return allowed < MIN_SUPPORT or (missing > 0 and support < SALIENT_SUPPORT)
