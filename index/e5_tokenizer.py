"""e5's tokenizer with its vocabulary trimmed to the scripts Dutch and English text is written in, and the
whole vocabulary as the fallback for anything else: the same token ids, in a third of the memory.

Why: `tokenizers` holds XLM-R's 250,002 pieces in a trie of hash maps, ~280 MB in each server process (more
than the transformer itself). 114k pieces are written in Latin script, punctuation, symbols or emoji; the
rest is Cyrillic, Greek, Arabic, CJK, Indic and so on, which a Dutch or English message never contains.

Why the ids stay exactly the same: a unigram tokenizer picks the best-scoring path through the pieces that
occur in the (normalised) text. A piece can only occur in a text if all its characters do. So for a text
whose characters all lie in KEPT, the pieces outside KEPT are never in the lattice: the trimmed vocabulary
(same scores, the lowest-scoring piece kept so the unknown-piece penalty is the same) gives the same path,
and its ids are mapped back to the model's. A text with any other character (a parent's name in Arabic
script) is tokenized with the whole vocabulary, loaded the first time such a text comes.

`load(model_dir)` writes the trimmed tokenizer beside tokenizer.json once, and returns an E5Tokenizer whose
`encode_batch(texts)` gives (ids, offsets) per text, as `tokenizers` gives them with the whole vocabulary.
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from index.e5_onnx import file_identity, write_atomically

# Latin (with IPA and combining marks), Latin Extended Additional, punctuation and symbols (with U+2581,
# SentencePiece's space), variation selectors and emoji.
KEPT = "\u0000-\u036f\u1e00-\u1eff\u2000-\u2bff\ufe00-\ufe0f\U0001f000-\U0001faff"
OTHER_SCRIPT = re.compile(f"[^{KEPT}]")
TRIMMED = "e5-tokenizer-latin-v1.json"
IDS = "e5-tokenizer-latin-v1.ids.npy"  # trimmed id -> the model's id
MARKER = "e5-tokenizer-latin-v1.marker.json"


def build(model_dir: Path) -> tuple[Path, Path]:
    model_dir = Path(model_dir)
    source = model_dir / "tokenizer.json"
    identity = {"tokenizer": file_identity(source), "kept": KEPT, "version": 1}
    marker, trimmed, ids = model_dir / MARKER, model_dir / TRIMMED, model_dir / IDS
    if trimmed.is_file() and ids.is_file() and marker.is_file() and json.loads(marker.read_text()) == identity:
        return trimmed, ids
    spec = json.loads(source.read_text(encoding="utf-8"))
    vocab = spec["model"]["vocab"]
    lowest = min(range(len(vocab)), key=lambda i: vocab[i][1])  # sets the unknown piece's score
    special = {t["id"] for t in spec["added_tokens"]} | {spec["model"]["unk_id"]}
    keep = [i for i, (piece, _) in enumerate(vocab)
            if i in special or i == lowest or not OTHER_SCRIPT.search(piece)]
    new_id = {old: new for new, old in enumerate(keep)}
    spec["model"]["vocab"] = [vocab[i] for i in keep]
    spec["model"]["unk_id"] = new_id[spec["model"]["unk_id"]]
    for token in spec["added_tokens"]:
        token["id"] = new_id[token["id"]]
    for token in spec["post_processor"]["special_tokens"].values():
        token["ids"] = [new_id[i] for i in token["ids"]]
    write_atomically(ids, ".npy.tmp", lambda out: np.save(out, np.array(keep, dtype=np.int64)))
    write_atomically(trimmed, ".json.tmp", lambda out: out.write(json.dumps(spec, ensure_ascii=False).encode("utf-8")))
    marker.write_text(json.dumps(identity))
    return trimmed, ids


class E5Tokenizer:
    def __init__(self, model_dir: Path) -> None:
        trimmed, ids = build(model_dir)
        self.full_file = Path(model_dir) / "tokenizer.json"
        self.trimmed = Tokenizer.from_file(str(trimmed))
        self.trimmed.no_truncation()
        self.model_ids = np.load(ids)
        self._full: Tokenizer | None = None
        self._lock = threading.Lock()

    @property
    def loaded_full_vocabulary(self) -> bool:
        return self._full is not None

    @property
    def full(self) -> Tokenizer:
        """The whole vocabulary, for a text in another script: loaded once, when first needed (~280 MB)."""
        with self._lock:
            if self._full is None:
                self._full = Tokenizer.from_file(str(self.full_file))
                self._full.no_truncation()
            return self._full

    def encode_batch(self, texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """(token ids, character offsets) per text: the model's ids, as the whole vocabulary gives them."""
        normalizer = self.trimmed.normalizer
        other = [bool(OTHER_SCRIPT.search(normalizer.normalize_str(t))) for t in texts]
        out: list = [None] * len(texts)
        mine = [i for i, o in enumerate(other) if not o]
        for i, e in zip(mine, self.trimmed.encode_batch([texts[i] for i in mine])):
            out[i] = (self.model_ids[e.ids].tolist(), e.offsets)
        theirs = [i for i, o in enumerate(other) if o]
        if theirs:
            for i, e in zip(theirs, self.full.encode_batch([texts[i] for i in theirs])):
                out[i] = (e.ids, e.offsets)
        return out


def load(model_dir: Path) -> E5Tokenizer:
    return E5Tokenizer(model_dir)
