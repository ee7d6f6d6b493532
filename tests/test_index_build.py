"""The index build: refuses invalid knowledge and keeps the last good index serving; skips when nothing
changed; rebuilds when the knowledge changes."""
from __future__ import annotations

import json

from index.build import build_index, current_meta
from index.search import Recommender
from tests.conftest import links_inside, real_entries, write_knowledge

IDS = ["flx-plg-in-de-school", "po-master-sen", "uh-master-basisonderwijs"]
# What is checked here is the build itself (refusal, skip, swap), not the goal-topic model and the reranker
# that a full build also trains from the corpus: learned=False. Those took 12-17 min of this file at load 5;
# they are built by `make index` and tested on the product's index (real_recommender).


def test_broken_knowledge_keeps_the_old_index_serving(tmp_path, model):
    entries = real_entries()
    links_inside([entries[i] for i in IDS])
    knowledge_dir = write_knowledge(tmp_path / "k", [entries[i] for i in IDS])
    build_dir = tmp_path / "build"
    first = build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    assert first.ok and first.rebuilt
    stamp = current_meta(build_dir)["fingerprint"]

    again = build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    assert again.ok and not again.rebuilt and "up to date" in again.message

    (knowledge_dir / "small.yml").write_text("entries:\n  - id: [broken\n", encoding="utf-8")
    refused = build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    assert not refused.ok
    assert "last good index keeps serving" in refused.message and "small.yml:" in refused.message
    assert current_meta(build_dir)["fingerprint"] == stamp
    served = Recommender.load(build_dir=build_dir, model=model, build_if_needed=False)
    payload = served.recommend({"ambition": "professionele leergemeenschap met collega's"}, top=3)
    assert {r["id"] for r in payload["recommendations"]} <= set(IDS)


def test_changed_knowledge_is_rebuilt(tmp_path, model):
    entries = real_entries()
    chosen = links_inside([entries[i] for i in IDS])
    knowledge_dir = write_knowledge(tmp_path / "k", chosen[:2])
    build_dir = tmp_path / "build"
    build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    write_knowledge(knowledge_dir, chosen)
    result = build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    assert result.rebuilt
    assert len(json.loads((build_dir / "entries.json").read_text())) == 3


def test_a_build_from_the_same_inputs_takes_the_learned_models_from_the_cache(tmp_path, model, monkeypatch,
                                                                               small_index):
    """Teaching the learned models is most of a build (a fresh clone's `make run`); from the same knowledge,
    corpus, e5, code and date they are the same, so the second build copies them. Another day teaches anew
    (what is still on offer is one of the reranker's features)."""
    from index import build

    taught = []

    def learned(*args, **kwargs):
        taught.append(1)
        return None, None, None  # the teaching itself is not what this test is about

    monkeypatch.setattr(build, "_learned", learned)
    monkeypatch.setenv("LEERWIJZER_CACHE", str(tmp_path / "cache"))
    knowledge_dir, _ = small_index
    for _ in range(2):
        assert build.build_index(force=True, knowledge_dir=knowledge_dir, build_dir=tmp_path / "build",
                                 progress=False, model=model).ok
    assert len(taught) == 1
    monkeypatch.setenv("LEERWIJZER_TODAY", "2027-01-04")
    build.build_index(force=True, knowledge_dir=knowledge_dir, build_dir=tmp_path / "build", progress=False,
                      model=model)
    assert len(taught) == 2


def test_an_author_outside_the_train_split_rebuilds_nothing(tmp_path, monkeypatch):
    """The learned models read the train authors only: an evaluation author added to the dev or test split must
    not make the action server rebuild its index at the first recommendation (it did: every conversation of the
    new authors timed out while the index was built again)."""
    from index import build, paths

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "split.yml").write_text("train: [t1]\ntest: [x1]\n", encoding="utf-8")
    (corpus_dir / "t1.yml").write_text("[]\n", encoding="utf-8")
    monkeypatch.setattr(paths, "CORPUS_DIR", corpus_dir)
    knowledge_dir = paths.KNOWLEDGE_DIR
    before = build.fingerprint(knowledge_dir, None)
    (corpus_dir / "x1.yml").write_text("- id: x1-001\n", encoding="utf-8")
    (corpus_dir / "d1.yml").write_text("- id: d1-001\n", encoding="utf-8")
    (corpus_dir / "split.yml").write_text("train: [t1]\ntest: [x1]\ndev: [d1]\n", encoding="utf-8")
    assert build.fingerprint(knowledge_dir, None) == before
    (corpus_dir / "t1.yml").write_text("- id: t1-001\n", encoding="utf-8")
    assert build.fingerprint(knowledge_dir, None) != before
