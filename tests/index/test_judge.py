"""The relevance judge (issue 18): the committed adapters folded into e5 give the trained network, and on real
examples it puts the answering sentence first where the bi-encoder did not, reads a question against another
language, and gives low probabilities when nothing answers."""

from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelUnavailable
from index.judge import LINEARS, merged_state, read_weights


def test_adapters_fold_into_the_weights_they_adapt():
    """Fast, no model: W + B·A·(alpha/rank) for each linear layer; the trained LayerNorms replace e5's."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    state = {"embeddings.word_embeddings.weight": torch.zeros(3, 4)}
    trained = {"depth": np.array(1), "rank": np.array(2), "alpha": np.array(4.0)}
    for layer in (0, 1):
        for name in LINEARS:
            state[f"encoder.layer.{layer}.{name}.weight"] = torch.ones(4, 4)
    for name in LINEARS:
        trained[f"bert.encoder.layer.0.{name}.a"] = rng.standard_normal((2, 4)).astype(np.float16)
        trained[f"bert.encoder.layer.0.{name}.b"] = rng.standard_normal((4, 2)).astype(np.float16)
    for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
        for part in ("weight", "bias"):
            trained[f"bert.encoder.layer.0.{ln}.{part}"] = np.full(4, 0.5, dtype=np.float16)
    merged = merged_state(state, trained)
    assert not any(k.startswith("encoder.layer.1.") for k in merged)  # cut to the judge's depth
    a = trained["bert.encoder.layer.0.attention.self.query.a"].astype(np.float32)
    b = trained["bert.encoder.layer.0.attention.self.query.b"].astype(np.float32)
    expected = 1.0 + b @ a * 2.0
    assert np.allclose(merged["encoder.layer.0.attention.self.query.weight"].numpy(), expected, atol=1e-5)
    assert float(merged["encoder.layer.0.output.LayerNorm.bias"][0]) == 0.5


def test_damaged_weights_are_one_clear_error(tmp_path):
    path = tmp_path / "judge-6.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(ModelUnavailable, match="judge's weights cannot be read"):
        read_weights(path)


@pytest.fixture(scope="module")
def judge():
    from index.embedder import DEFAULT_MODEL, cache_dir, resolve_model
    from index.judge import Judge

    return Judge(Path(resolve_model(DEFAULT_MODEL)), cache_dir())


@pytest.mark.slow
def test_folded_network_scores_as_the_trained_adapters_do():
    """The committed weights through the training code's adapter modules and through the folded BertModel."""
    import torch
    from transformers import AutoModel

    from index.embedder import DEFAULT_MODEL, resolve_model
    from index.judge import torch_judge, weights_file
    from scripts.judge.model import Judge as AdapterJudge

    folder = Path(resolve_model(DEFAULT_MODEL))
    trained = read_weights(weights_file())
    adapted = AdapterJudge(AutoModel.from_pretrained(folder), int(trained["depth"]))
    params = dict(adapted.named_parameters())
    with torch.no_grad():
        for name, value in trained.items():
            if name in params:
                params[name].copy_(torch.from_numpy(value.astype(np.float32)))
    folded = torch_judge(folder, trained)
    ids = torch.tensor([[0, 1294, 12, 3293, 2, 2, 46692, 12, 10330, 6, 5, 2]])
    mask, types = torch.ones_like(ids), torch.zeros_like(ids)
    with torch.no_grad():
        assert abs(float(adapted.eval()(ids, mask, types)[0]) - float(folded(ids, mask, types)[0])) < 1e-3


@pytest.mark.slow
def test_the_judge_puts_the_answer_first_where_the_bi_encoder_did_not(judge):
    from index.embedder import Embedder

    question = "Qui est la directrice de PAG-ASA ?"
    texts = ["PAG-ASA est une ASBL qui accueille et accompagne les victimes de la traite des êtres humains à Bruxelles.",
             "« Nous voyons de plus en plus de victimes », explique Sarah De Hovre, directrice de PAG-ASA."]
    embedder = Embedder()
    cosine = (embedder.encode_queries([question]) @ embedder.encode_passages(texts).T)[0]
    assert cosine[0] > cosine[1]  # the mission statement looks nearer to e5
    probability = judge.probability(question, texts)
    assert probability[1] > 0.5 > probability[0]


@pytest.mark.slow
def test_a_dutch_question_is_answered_by_a_french_sentence(judge):
    texts = ["À la suite de cette action, pas moins de 30 bars à prostitution du quartier Nord ont été placés sous "
             "scellés judiciaires.",
             "Pour lutter contre cette triste réputation, safe.brussels élabore un plan d'action régional en matière "
             "de prostitution."]
    probability = judge.probability("Hoeveel bars werden verzegeld in de Noordwijk?", texts)
    assert probability[0] > 0.5 > probability[1]


@pytest.mark.slow
def test_nothing_that_answers_gets_a_low_probability(judge):
    texts = ["À la suite de cette action, pas moins de 30 bars à prostitution du quartier Nord ont été placés sous "
             "scellés judiciaires.",
             "La mission de PAG-ASA est d'offrir un hébergement sûr aux victimes de la traite.",
             "Myria publie chaque année un rapport indépendant sur la traite et le trafic des êtres humains."]
    probability = judge.probability("Quel est le salaire minimum des aides ménagères au Luxembourg ?", texts)
    assert probability.max() < 0.5, probability
    assert judge.logits("Quel est le salaire minimum ?", []).shape == (0,)


@pytest.mark.slow
def test_the_search_reranked_by_the_judge_moves_up_the_passage_that_answers(tmp_path):
    """PAG-ASA's own pages outrank, in the hybrid search, the Le Vif article that names its director ("Sarah De
    Hovre, directrice de PAG-ASA"); the judge, weighed with the search by the fitted combination, moves that article
    up and a passage about the shelter's rooms down. `rerank=False` (--no-rerank) keeps the hybrid order."""
    from index.search import search
    from tests.conftest import CORPUS, index_of

    collection = index_of(tmp_path, [CORPUS / "web_passages" / name for name in (
        "levif_pagasa_2018_fr.fr.txt", "pagasa_hulp_slachtoffers_nl.nl.txt", "pagasa_qui_sommes_nous_fr.fr.txt",
        "pagasa_soutien_victimes_fr.fr.txt")])
    question = "Who is the director of PAG-ASA?"
    plain = [(h.document.path.rsplit("/", 1)[-1], h.chunk.ordinal) for h in search(collection, question, k=5,
                                                                                 rerank=False)]
    hits = search(collection, question, k=5)
    reranked = [(h.document.path.rsplit("/", 1)[-1], h.chunk.ordinal) for h in hits]
    assert sorted(plain) == sorted(reranked) and plain != reranked
    levif = ("levif_pagasa_2018_fr.fr.txt", 0)
    assert reranked.index(levif) < plain.index(levif)
    assert [h.relevance for h in hits] == sorted((h.relevance for h in hits), reverse=True)


@pytest.mark.slow
def test_pairs_are_cut_as_in_training_and_a_pasted_question_still_reads(judge):
    """The judge builds its pairs from the embedder's own tokenizer (one vocabulary in memory): a text is cut to
    MAX_TOKENS exactly as the tokenizer's "only_second" truncation cut the training pairs, and a question too long
    to leave room (a pasted paragraph, where that truncation raised) is cut instead of failing."""
    from tokenizers import Tokenizer

    from index.embedder import DEFAULT_MODEL, resolve_model
    from index.judge import MAX_TOKENS, QUESTION_TOKENS, pair, pair_ids
    from index.onnx_int8 import folder_tokenizer

    folder = Path(resolve_model(DEFAULT_MODEL))
    assert judge.tokenizer is folder_tokenizer(folder)
    trained = Tokenizer.from_file(str(folder / "tokenizer.json"))
    trained.enable_truncation(max_length=MAX_TOKENS, strategy="only_second")
    text = "Pas moins de 30 bars à prostitution du quartier Nord ont été placés sous scellés judiciaires. " * 12
    pairs = [("Combien de bars ?", "Trente."), ("Combien de bars ont été mis sous scellés ?", text),
             ("Hoeveel cafés werden verzegeld in de Noordwijk?", text[:300])]
    assert pair_ids(judge.tokenizer, pairs) == [e.ids for e in trained.encode_batch([pair(q, t) for q, t in pairs])]
    assert max(len(ids) for ids in pair_ids(judge.tokenizer, pairs)) == MAX_TOKENS

    pasted = "Combien de victimes de la traite ont été identifiées par les centres et la police ? " * 12
    with pytest.raises(Exception, match="Truncation"):
        trained.encode(*pair(pasted, "Trente."))
    ids = pair_ids(judge.tokenizer, [(pasted, "Trente bars ont été scellés.")])[0]
    assert len(ids) <= MAX_TOKENS and ids.count(2) == 3 and len(ids) > QUESTION_TOKENS + 4
    assert judge.logits(pasted, ["Trente bars ont été scellés."]).shape == (1,)
