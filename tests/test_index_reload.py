"""A knowledge change reaches a running action server: `leerwijzer index build` swaps in a new index, and the
next recommendation is answered from it, without a restart (issue 21 measures memory over such reloads)."""
from __future__ import annotations

import shutil
import threading

import yaml

from actions import actions
from index import paths
from index.build import build_index
from index.search import Recommender
from tests.conftest import links_inside, write_knowledge
from tests.test_actions import run, tracker

PROFILE = {"role": "teacher", "region": "VL", "sector": "kleuter", "ambition": "samen leren in een PLG op school"}


def test_a_rebuilt_index_is_served_without_a_restart(small_index, model, tmp_path, monkeypatch):
    knowledge_dir, built = small_index
    build_dir = tmp_path / "build"
    shutil.copytree(built, build_dir)
    served = Recommender.load(build_dir=build_dir, model=model, build_if_needed=False)
    ready = threading.Event()
    ready.set()
    monkeypatch.setattr(actions, "_recommender", served)
    monkeypatch.setattr(actions, "_ready", ready)
    assert actions.recommender() is served  # nothing changed: the same index

    # the knowledge changes: one entry is taken out, and the index is rebuilt in place
    entries = yaml.safe_load((knowledge_dir / "small.yml").read_text(encoding="utf-8"))["entries"]
    gone = served.recommend(PROFILE, top=1)["recommendations"][0]["id"]
    changed = write_knowledge(tmp_path / "knowledge", links_inside([e for e in entries if e["id"] != gone]))
    assert build_index(knowledge_dir=changed, build_dir=build_dir, progress=False, model=model, learned=False).ok

    engine = actions.recommender()
    assert engine is not served and len(engine.entries) == len(served.entries) - 1
    assert gone not in [r["id"] for r in engine.recommend(PROFILE, top=5)["recommendations"]]
    assert engine.model is served.model  # the e5 model is kept: only the index is loaded again
    assert actions.recommender() is engine  # and then it is served until the next build


def test_a_follow_up_after_a_rebuild_answers_from_the_changed_knowledge(small_index, model, tmp_path, monkeypatch):
    # a teacher saw the list, a curator rewrote an entry and rebuilt the index, then the teacher asks about it:
    # the answer is the new text, also before any new recommendation reloads the index
    knowledge_dir, built = small_index
    knowledge_copy, build_dir = tmp_path / "knowledge", tmp_path / "build"
    shutil.copytree(knowledge_dir, knowledge_copy)
    shutil.copytree(built, build_dir)
    monkeypatch.setattr(paths, "KNOWLEDGE_DIR", knowledge_copy)
    monkeypatch.setattr(paths, "BUILD_DIR", build_dir)
    served = Recommender.load(build_dir=build_dir, model=model, build_if_needed=False)
    monkeypatch.setattr(actions, "_recommender", served)
    shown = [r["id"] for r in served.recommend(PROFILE, top=5)["recommendations"]]
    after_the_list = {**PROFILE, "last_recommendations": shown, "programme_in_focus": None}

    def more_about_the_first() -> str:
        _, messages = run(actions.ActionAboutProgramme(), tracker("vertel meer over de eerste", slots=after_the_list,
                                                                  intent="ask_programme"))
        return "\n".join(m.get("text") or "" for m in messages)

    entries = yaml.safe_load((knowledge_copy / "small.yml").read_text(encoding="utf-8"))["entries"]
    first = next(e for e in entries if e["id"] == shown[0])
    assert first["summary"].strip()[:40] in more_about_the_first()

    first["summary"] = ("Sinds de herziening van dit jaar leer je in kleine groepen van vijf collega's uit je "
                        "eigen regio.")
    (knowledge_copy / "small.yml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    assert build_index(knowledge_dir=knowledge_copy, build_dir=build_dir, progress=False, model=model, learned=False).ok
    assert "kleine groepen van vijf collega's" in more_about_the_first()
