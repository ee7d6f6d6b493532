"""The Rasa server's numpy e5 (bot/nlu/sentence_encoder.py) against the index's sentence-transformers model.

Both read the same converted weights; the Rasa server must stay free of torch, so it runs the forward pass
itself. If the two drift apart, the intent classifier would see other vectors than it was trained with.
"""
from __future__ import annotations

import numpy as np
import pytest

from index import embedding_model as em

TEXTS = ["vaarwel", "ik wil iets rond zorg of STEM", "Ik sta voor groep 7 in Tiel, 4 uur per week, liefst online.",
         "werk jij met artificiële intelligentie?", "ouders die weinig Nederlands spreken " * 40]


@pytest.fixture(scope="module")
def encoders():
    from bot.nlu.sentence_encoder import SentenceEncoder

    return em.load_model(), SentenceEncoder(em.default_model_dir())


def test_numpy_vectors_equal_sentence_transformers(encoders):
    reference, numpy_encoder = encoders
    short = TEXTS[:-1]  # the long one is cut at 128 tokens by the numpy encoder, on purpose
    expected = reference.encode(["query: " + t for t in short], normalize_embeddings=True)
    vectors, _, _ = numpy_encoder.encode(short)
    assert np.allclose(vectors, expected, atol=1e-5)


def test_every_word_gets_its_own_subwords(encoders):
    _, numpy_encoder = encoders
    text = "Ik sta voor groep 7 in Tiel"
    _, states, spans = numpy_encoder.encode([text, TEXTS[-1]])
    words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in text.split())]
    for start, end in words:
        assert any(a < end and b > start and b > a for a, b in spans[0]), text[start:end]
    assert len(states[1]) == 128 and len(spans[1]) == 128  # a long paste is cut, not refused


def test_the_rasa_side_never_imports_torch():
    import subprocess
    import sys

    code = ("import sys; from bot.nlu.sentence_encoder import SentenceEncoder; "
            "from index.embedding_model import default_model_dir; SentenceEncoder(default_model_dir()).encode(['dag']); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
