"""A knowledge change reaches a running action server: `leerwijzer index build` swaps in a new index, and the
next recommendation is answered from it, without a restart (issue 21 measures memory over such reloads)."""
from __future__ import annotations

import shutil
import threading

import yaml

from actions import actions
from index.build import build_index
from index.search import Recommender
from tests.conftest import links_inside, write_knowledge

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
