"""e5's tokenizer for the servers: XLM-R's unigram model over the pieces of the scripts Dutch and English text
is written in, in plain Python; the whole vocabulary (`tokenizers`) is the fallback for anything else. The
same token ids and offsets, in a fifth of the memory.

Why: `tokenizers` holds XLM-R's 250,002 pieces in a trie of hash maps, ~280 MB in each server process (more
than the transformer itself), ~100 MB even for the 114k pieces written in Latin script, punctuation, symbols
or emoji. A Python dict of those pieces is ~25 MB, and the best path through a chat message is a few hundred
dict look-ups (~0.5 ms; the e5 forward pass takes ~10 ms).

Why the ids stay exactly the same:
- The unigram model picks the best-scoring segmentation of the normalised text into pieces. A piece can only
  occur in a text if all its characters do. So for a text whose characters all lie in KEPT, the pieces
  outside KEPT never take part: the trimmed vocabulary (with the same scores, and the same penalty for an
  unknown character: the lowest score of the whole vocabulary - 10) gives the same segmentation.
- `viterbi` follows `tokenizers`' Unigram.encode_optimized step by step: candidates by start, then by
  length; a later candidate only wins with a strictly higher score; a character no piece covers is <unk>,
  and runs of <unk> are fused. Normalisation, the metaspace pre-tokenizer and the character offsets are
  `tokenizers`' own (a tokenizer with a one-piece model carries them), and <s> ... </s> is added as the
  model's template does.
- A text with another script, or with a special token typed in it ("<s>"), goes to the whole vocabulary,
  loaded the first time such a text comes. tests/test_e5_tokenizer.py compares every text the assistant is
  trained, indexed and evaluated on with `tokenizers`.

`load(model_dir)` writes the trimmed vocabulary beside tokenizer.json once, and returns an E5Tokenizer whose
`encode_batch(texts)` gives (ids, offsets) per text, as `tokenizers` gives them with the whole vocabulary.
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from tokenizers import PreTokenizedString, Token, Tokenizer

from index.e5_onnx import file_identity, write_atomically

# Latin (with IPA and combining marks), Latin Extended Additional, punctuation and symbols (with U+2581,
# SentencePiece's space), variation selectors and emoji.
KEPT = "\u0000-\u036f\u1e00-\u1eff\u2000-\u2bff\ufe00-\ufe0f\U0001f000-\U0001faff"
OTHER_SCRIPT = re.compile(f"[^{KEPT}]")
TRIMMED = "e5-tokenizer-latin-v2.json"
MARKER = "e5-tokenizer-latin-v2.marker.json"
UNK_PENALTY = 10.0  # tokenizers' K_UNK_PENALTY: an uncovered character scores the lowest piece's score - 10


def build(model_dir: Path) -> Path:
    """The trimmed vocabulary (pieces, scores, the model's ids) and a tokenizer shell that carries the
    normaliser and pre-tokenizer with a one-piece model; written once, beside tokenizer.json."""
    model_dir = Path(model_dir)
    source = model_dir / "tokenizer.json"
    identity = {"tokenizer": file_identity(source), "kept": KEPT, "version": 2}
    marker, trimmed = model_dir / MARKER, model_dir / TRIMMED
    if trimmed.is_file() and marker.is_file() and json.loads(marker.read_text()) == identity:
        return trimmed
    spec = json.loads(source.read_text(encoding="utf-8"))
    model = spec["model"]
    vocab = model["vocab"]
    specials = {t["content"]: t["id"] for t in spec["added_tokens"]}
    keep = [i for i, (piece, _) in enumerate(vocab) if not OTHER_SCRIPT.search(piece)]
    shell = {**spec, "added_tokens": [], "post_processor": None,
             "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]], "byte_fallback": False}}
    out = {"pieces": [vocab[i][0] for i in keep], "scores": [vocab[i][1] for i in keep], "ids": keep,
           "unk_id": model["unk_id"], "unk_score": min(score for _, score in vocab) - UNK_PENALTY,
           "bos_id": specials["<s>"], "eos_id": specials["</s>"], "specials": sorted(specials), "shell": shell}
    write_atomically(trimmed, ".json.tmp", lambda fh: fh.write(json.dumps(out, ensure_ascii=False).encode("utf-8")))
    marker.write_text(json.dumps(identity))
    return trimmed


class E5Tokenizer:
    def __init__(self, model_dir: Path) -> None:
        spec = json.loads(build(model_dir).read_text(encoding="utf-8"))
        self.full_file = Path(model_dir) / "tokenizer.json"
        self.pieces = {piece: (model_id, score)
                       for piece, model_id, score in zip(spec["pieces"], spec["ids"], spec["scores"])}
        self.longest = max(map(len, spec["pieces"]))
        self.unk_id, self.unk_score = spec["unk_id"], spec["unk_score"]
        self.bos_id, self.eos_id = spec["bos_id"], spec["eos_id"]
        self.special = re.compile("|".join(map(re.escape, spec["specials"])))
        shell = Tokenizer.from_str(json.dumps(spec["shell"]))
        self.normalizer, self.pre_tokenizer = shell.normalizer, shell.pre_tokenizer
        self._full: Tokenizer | None = None
        self._lock = threading.Lock()

    @property
    def model_ids(self) -> list[int]:
        return [model_id for model_id, _ in self.pieces.values()]

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

    def viterbi(self, text: str) -> list[Token]:
        """The best segmentation of one normalised, pre-tokenized split, as tokenizers' Unigram finds it;
        offsets in bytes of the split, as a model gives them."""
        n, pieces, longest = len(text), self.pieces, self.longest
        starts: list = [None] * (n + 1)
        scores = [0.0] * (n + 1)
        ids = [0] * (n + 1)
        starts[0] = 0
        for i in range(n):
            here, single = scores[i], False
            for j in range(i + 1, min(n, i + longest) + 1):
                hit = pieces.get(text[i:j])
                if hit is None:
                    continue
                candidate = hit[1] + here
                if starts[j] is None or candidate > scores[j]:
                    starts[j], scores[j], ids[j] = i, candidate, hit[0]
                single = single or j == i + 1
            if not single:
                candidate = self.unk_score + here
                if starts[i + 1] is None or candidate > scores[i + 1]:
                    starts[i + 1], scores[i + 1], ids[i + 1] = i, candidate, self.unk_id
        path, j = [], n
        while j > 0:
            path.append((starts[j], j, ids[j]))
            j = starts[j]
        fused: list = []
        for start, end, token_id in reversed(path):  # runs of unknown characters become one <unk>
            if token_id == self.unk_id and fused and fused[-1][2] == self.unk_id:
                fused[-1] = (fused[-1][0], end, token_id)
            else:
                fused.append((start, end, token_id))
        tokens, offset = [], 0
        for start, end, token_id in fused:
            piece = text[start:end]
            size = len(piece.encode("utf-8"))
            tokens.append(Token(token_id, piece, (offset, offset + size)))
            offset += size
        return tokens

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        split = PreTokenizedString(text)
        split.normalize(self.normalizer.normalize)
        self.pre_tokenizer.pre_tokenize(split)
        split.tokenize(self.viterbi)
        encoding = split.to_encoding()
        return [self.bos_id, *encoding.ids, self.eos_id], [(0, 0), *encoding.offsets, (0, 0)]

    def encode_batch(self, texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """(token ids, character offsets) per text: the model's ids, as the whole vocabulary gives them."""
        out: list = [None] * len(texts)
        other = []
        for i, text in enumerate(texts):
            if self.special.search(text) or OTHER_SCRIPT.search(self.normalizer.normalize_str(text)):
                other.append(i)
            else:
                out[i] = self._encode(text)
        if other:
            for i, encoding in zip(other, self.full.encode_batch([texts[i] for i in other])):
                out[i] = (encoding.ids, encoding.offsets)
        return out


def load(model_dir: Path) -> E5Tokenizer:
    return E5Tokenizer(model_dir)
