"""Shared fixtures: the real embedding model (loaded once per run) and a small real index built from a
handful of real knowledge entries, so unit tests exercise FAISS, BM25 and the fit logic for real."""
from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest
import yaml

from index import paths

REPO = paths.REPO_ROOT
# A small, varied slice of the real knowledge: Flemish and Dutch, masters and their bridging routes,
# school formats, a registeropleiding, an online network.
SMALL_SET = [
    "uh-master-basisonderwijs", "uh-schakelprogramma-basisonderwijs", "flx-plg-in-de-school",
    "flx-collegiale-consultatie", "flx-light-traject", "flx-atelierwerking", "pp-mooc-computationeel-denken",
    "po-master-sen", "po-master-professioneel-meesterschap", "po-reg-bewegingsonderwijs",
    "po-reg-gedragsspecialist", "po-wo-master-onderwijskunde", "po-premaster-wo-onderwijs",
    "med-plg-masters-in-opleiding", "pp-plg-interculturaliteit-school",
]


def real_entries() -> dict[str, dict]:
    entries = {}
    for path in sorted(paths.KNOWLEDGE_DIR.glob("*.yml")):
        if path.name != "topics.yml":
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
                entries[entry["id"]] = entry
    return entries


def links_inside(chosen: list[dict]) -> list[dict]:
    """A slice of the real knowledge that validates on its own: bridging and related links that point
    outside the slice are dropped."""
    ids = {e["id"] for e in chosen}
    for entry in chosen:
        if entry["admission"]["bridging"] not in ids:
            entry["admission"]["bridging"] = None
        entry["related"] = [i for i in entry.get("related") or [] if i in ids]
    return chosen


def write_knowledge(folder: Path, entries: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.KNOWLEDGE_DIR / "topics.yml", folder / "topics.yml")
    (folder / "small.yml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def model():
    # torch comes with the model (lazily: most test files never load it). One math thread: the tests encode one
    # query at a time, where torch's thread pool only spins on two shared cores (44 against 156 ms a query at
    # load 3.7, docs/lean-servers.md) and the vectors are bit-identical.
    import torch

    from index.embedding_model import load_model

    torch.set_num_threads(1)
    return load_model()


@pytest.fixture(scope="session")
def small_index(tmp_path_factory, model):
    """(knowledge_dir, build_dir) of a real index over SMALL_SET."""
    from index.build import build_index

    base = tmp_path_factory.mktemp("small")
    entries = real_entries()
    chosen = links_inside([entries[i] for i in SMALL_SET])
    knowledge_dir = write_knowledge(base / "knowledge", chosen)
    build_dir = base / "build"
    result = build_index(knowledge_dir=knowledge_dir, build_dir=build_dir, progress=False, model=model, learned=False)
    assert result.ok, result.message
    return knowledge_dir, build_dir


@pytest.fixture(scope="session")
def small_recommender(small_index, model):
    from index.search import Recommender

    return Recommender.load(build_dir=small_index[1], model=model, build_if_needed=False)


DASH_TOKEN = "-" + secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The real assistant: a trained Rasa model, the action server and the Rasa server on free ports."""
    import subprocess

    from bot import stack as stack_module
    from index.build import build_index

    if not stack_module.MODEL.exists():  # `make test` trains it; a bare pytest run trains it here
        subprocess.run([str(stack_module.RASA), "train", "--fixed-model-name", "leerwijzer", "--out", "models",
                        "--quiet"], cwd=REPO, check=True)
    built = build_index(progress=False)
    assert built.ok, built.message
    base = tmp_path_factory.mktemp("stack")
    # A token that starts with "-", as one in 64 generated ones does: Rasa must still take it as its token.
    running = stack_module.start(tracker_db=base / "tracker.db", log_dir=base / "logs", token=DASH_TOKEN)
    yield running
    running.stop()


def say(stack, sender: str, text: str) -> list[dict]:
    import requests

    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=180)
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="session")
def real_recommender(model):
    """The product's index over all of knowledge/ (built if it is stale)."""
    from index.search import Recommender

    return Recommender.load(model=model)


@pytest.fixture()
def insights_server(tmp_path, monkeypatch):
    """The demo web server on a free port, over a demand log of 500 generated conversations."""
    import http.server
    import threading

    from bot.web_page import page_handler
    from insights import demo, store

    db = tmp_path / "insights.db"
    store.DemandStore(db).record_many(demo.generated_rows(500))
    monkeypatch.setenv("LEERWIJZER_INSIGHTS_DB", str(db))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), page_handler("http://127.0.0.1:1"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
