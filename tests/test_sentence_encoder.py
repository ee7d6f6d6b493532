"""The Rasa server's e5 (index/sentence_encoder.py, an ONNX graph in onnxruntime) against the index's
sentence-transformers model.

Both read the same converted weights; the Rasa server must stay free of torch, so it runs the forward pass
itself. If the two drift apart, the intent classifier would see other vectors than it was trained with.
The encoder runs in the Rasa environment, as the server runs it.
"""
from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

from bot.stack import RASA
from index import embedding_model as em
from index.paths import REPO_ROOT

TEXTS = ["vaarwel", "ik wil iets rond zorg of STEM", "Ik sta voor groep 7 in Tiel, 4 uur per week, liefst online.",
         "werk jij met artificiële intelligentie?", "ouders die weinig Nederlands spreken " * 40]


def rasa_side(code: str) -> str:
    done = subprocess.run([str(RASA.parent / "python"), "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def encoded():
    """What the Rasa server's encoder gives for TEXTS: vectors, per-text state counts and subword spans."""
    code = ("import json; from index.sentence_encoder import SentenceEncoder; "
            "from index.embedding_model import default_model_dir; "
            f"v, states, spans = SentenceEncoder(default_model_dir()).encode({TEXTS!r}); "
            "print(json.dumps({'vectors': v.tolist(), 'states': [len(s) for s in states], 'spans': spans}))")
    return json.loads(rasa_side(code))


def test_rasa_vectors_equal_sentence_transformers(encoded):
    short = TEXTS[:-1]  # the long one is cut at 128 tokens by the Rasa encoder, on purpose
    expected = em.load_model().encode(["query: " + t for t in short], normalize_embeddings=True)
    assert np.allclose(np.array(encoded["vectors"][:len(short)]), expected, atol=1e-5)


def test_every_word_gets_its_own_subwords(encoded):
    text = TEXTS[2]
    words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in text.split())]
    for start, end in words:
        assert any(a < end and b > start and b > a for a, b in encoded["spans"][2]), text[start:end]
    assert encoded["states"][-1] == 128 and len(encoded["spans"][-1]) == 128  # a long paste is cut, not refused


def test_the_rasa_side_never_imports_torch():
    code = ("import sys; from index.sentence_encoder import SentenceEncoder; "
            "from index.embedding_model import default_model_dir; SentenceEncoder(default_model_dir()).encode(['dag']); "
            "print('torch' in sys.modules)")
    assert rasa_side(code) == "False"
