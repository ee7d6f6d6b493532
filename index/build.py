"""Build the search index from knowledge/: e5 passage embeddings in FAISS, plus lemmas for BM25.

The build is refused when the knowledge is invalid, and it swaps the new index in atomically, so the
last good index keeps serving whatever goes wrong. It is skipped when nothing changed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import corpus, goal_topics, knowledge, paths, query_adapter, rerank
from index.lexical import BM25
from index.search import Recommender
from intake.contract import normalise_profile

BUILD_VERSION = "5"  # bump when the artefact layout or the embedded text changes
# Exact search over 100k e5 vectors costs ~3-10 ms a query on 2 cores (bench: `make bench`), so the
# flat index serves the catalogue far beyond its current size; HNSW only from 200k entries on.
APPROXIMATE_FROM = 200_000
# HNSW search breadth: on clustered catalogues (many variants of one programme) 128 gave recall@10 0.69
# at 100k, 1024 gives 0.98 at ~3 ms a query.
HNSW_EF_SEARCH = 1024


@dataclass
class BuildResult:
    ok: bool
    message: str
    rebuilt: bool = False


def passage_text(entry: dict, topics: dict) -> str:
    """What is embedded for an entry: title, summary, topic labels and audience, in Dutch."""
    topic_labels = ", ".join(topics.get(t, {}).get("label", t) for t in entry.get("topics", []))
    audience = entry.get("audience") or {}
    who = ", ".join((audience.get("sectors") or []) + (audience.get("roles") or []))
    return f"{entry['title']}. {entry.get('summary', '')} Thema's: {topic_labels}. Voor: {who}."


def lexical_text(entry: dict, topics: dict) -> str:
    """The lexical index also sees the topic synonyms a teacher might type."""
    terms = " ".join(" ".join(topics.get(t, {}).get("terms", [])) for t in entry.get("topics", []))
    return f"{passage_text(entry, topics)} {entry.get('provider') or ''} {terms}"


def fingerprint(knowledge_dir: Path, model_name: str | None) -> str:
    from index.embedding_model import model_fingerprint

    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in sorted(knowledge_dir.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(model_fingerprint(model_name).encode())
    # the learned models read the corpus's train authors: a new conversation there retrains them. Only theirs:
    # an author added to the dev or test split is read by no model, so it rebuilds nothing
    train = corpus.split(paths.CORPUS_DIR)["train"] if (paths.CORPUS_DIR / "split.yml").exists() else []
    for path in (paths.CORPUS_DIR / f"{author}.yml" for author in sorted(train)):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def current_meta(build_dir: Path | None = None) -> dict | None:
    try:
        return json.loads(((build_dir or paths.BUILD_DIR) / "meta.json").read_text())
    except (OSError, ValueError):
        return None


def make_faiss_index(vectors: np.ndarray, kind: str | None = None):
    """Exact inner-product search for small catalogues, HNSW once it is large (or as `kind` says)."""
    import faiss

    dim = vectors.shape[1]
    kind = kind or ("flat" if len(vectors) < APPROXIMATE_FROM else "hnsw")
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(vectors)
    return index


def build_index(force: bool = False, progress: bool = True, model_name: str | None = None,
                knowledge_dir: Path | None = None, build_dir: Path | None = None, model=None,
                learned: bool = True) -> BuildResult:
    """Validate, embed and index the knowledge. `model` (already loaded) saves loading it again. `learned`:
    also teach the goal-topic model and the reranker from the corpus (False: an index that ranks by retrieval
    and the topic vocabulary alone, for tests of the index itself)."""
    knowledge_dir = knowledge_dir or paths.KNOWLEDGE_DIR
    build_dir = build_dir or paths.BUILD_DIR
    kb = knowledge.load(knowledge_dir)
    if kb.problems:
        shown = "\n".join(str(p) for p in kb.problems[:20])
        more = f"\n... and {len(kb.problems) - 20} more" if len(kb.problems) > 20 else ""
        kept = "the last good index keeps serving" if current_meta(build_dir) else "there is no index yet"
        return BuildResult(False, f"Knowledge is invalid ({len(kb.problems)} problems); {kept}.\n{shown}{more}")
    stamp = fingerprint(knowledge_dir, model_name)
    meta = current_meta(build_dir)
    if not force and meta and meta.get("fingerprint") == stamp:
        return BuildResult(True, f"Index up to date ({meta['count']} entries).")

    import faiss
    from index.embedding_model import load_model
    from index.text import lemmas_many

    started = time.perf_counter()
    model = model or load_model(model_name)
    entries = sorted(kb.entries, key=lambda e: e["id"])
    texts = [passage_text(e, kb.topics) for e in entries]
    vectors = model.encode(texts, prompt_name="passage", normalize_embeddings=True, batch_size=32,
                           show_progress_bar=progress, convert_to_numpy=True).astype("float32")
    tokens = lemmas_many([lexical_text(e, kb.topics) for e in entries])
    faiss_index = make_faiss_index(vectors)
    bm25 = BM25.fit(tokens)
    tmp = build_dir.with_name(build_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    learned_here = _learned_cache(stamp, vectors) if learned else None
    if learned_here is not None and (learned_here / "complete").exists():
        for name in LEARNED_FILES:  # taught before from exactly these inputs: the same models
            if (learned_here / name).exists():
                shutil.copy2(learned_here / name, tmp / name)
        topic_model = reranker = adapter = None
    elif learned:
        from threadpoolctl import threadpool_limits  # training only (a scikit-learn dependency)

        # One BLAS thread: the logistic regressions are small, and OpenBLAS's two threads on this two-core
        # machine made each fit 30 times slower (2.1 s instead of 0.07 s; the build took 1,067 s)
        with threadpool_limits(limits=1, user_api="blas"):
            topic_model, reranker, adapter = _learned(model, entries, kb.topics, faiss_index, bm25, progress)
    else:
        topic_model = reranker = adapter = None
    faiss.write_index(faiss_index, str(tmp / "vectors.faiss"))
    (tmp / "entries.json").write_text(json.dumps(entries, ensure_ascii=False))
    bm25.save(tmp)
    if topic_model is not None:
        topic_model.save(tmp)
    if reranker is not None:
        reranker.save(tmp)
    if adapter is not None:
        adapter.save(tmp)
    if learned_here is not None and not (learned_here / "complete").exists():
        _keep_learned(tmp, learned_here)
    (tmp / "topics.json").write_text(json.dumps(kb.topics, ensure_ascii=False))
    new_meta = {"fingerprint": stamp, "count": len(entries), "dim": int(vectors.shape[1]),
                "model": model_name or "default", "built_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    (tmp / "meta.json").write_text(json.dumps(new_meta))
    _swap_in(tmp, build_dir)
    seconds = time.perf_counter() - started
    return BuildResult(True, f"Index built: {len(entries)} entries in {seconds:.1f} s.", rebuilt=True)


def _learned(model, entries: list[dict], topics: dict, faiss_index, bm25, progress: bool = False,
             authors: list[str] | None = None, adapt: bool = True):
    """The goal-topic model, the query map and the reranker, all taught by the corpus's train authors
    (index/goal_topics.py, index/query_adapter.py, index/rerank.py). The reranker learns from what the goal
    model and the query map give a profile they did not see (both trained without that profile's author), as
    it will be at serving time: trained on its own author, the map would put the wanted entries first and the
    reranker would learn to trust retrieval far more than it should. `adapt` False: without the query map
    (what bench/rerank_cv.py compares it with)."""
    def encode(texts):
        return model.encode(texts, prompt_name="query", normalize_embeddings=True, batch_size=32,
                            show_progress_bar=progress, convert_to_numpy=True)

    base = [(t, labels, 1.0) for t, labels in goal_topics.knowledge_examples(entries, topics)]
    base_vectors = encode([t for t, _, _ in base])
    if authors is None:
        authors = corpus.split(paths.CORPUS_DIR)["train"]
    by_author = {a: [(t, [k for k in labels if k in topics], goal_topics.CORPUS_WEIGHT)
                     for t, labels in goal_topics.corpus_goals(paths.CORPUS_DIR, [a])] for a in authors}
    vectors_of = {a: encode([t for t, _, _ in ex]) if ex else np.zeros((0, base_vectors.shape[1])) for a, ex in by_author.items()}

    def goal_model(without: str | None):
        keep = [a for a in authors if a != without]
        examples = base + [e for a in keep for e in by_author[a]]
        return goal_topics.GoalTopics.train(examples, np.concatenate([base_vectors, *(vectors_of[a] for a in keep)]), topics)

    full = goal_model(None)
    profiles = rerank.corpus_profiles(paths.CORPUS_DIR, authors)
    if not profiles:
        return full, None, None
    recommender = Recommender(entries, topics, faiss_index, bm25, model, full)
    passages = faiss_index.reconstruct_n(0, faiss_index.ntotal)
    # the map learns from each goal as retrieval phrases it, and from each entry's own words (itself)
    query_texts = [recommender.query_text(normalise_profile(p["profile"])) for p in profiles]
    goal_vectors = encode(query_texts)
    # The held-out recommenders below ask for these texts' vectors (the query, the goal alone) one at a time:
    # encoded here in batches once instead (index build 404 -> s, most of it e5 on single texts).
    ambitions = sorted({p["profile"]["ambition"] for p in profiles} - set(query_texts))
    known_vectors = {**dict(zip(ambitions, encode(ambitions))), **dict(zip(query_texts, goal_vectors))}
    goal_targets = query_adapter.targets_for([p["wanted"] for p in profiles], [p["acceptable"] for p in profiles],
                                             entries)
    own_vectors = base_vectors[: len(entries)]  # knowledge_examples begins with each entry's title and summary
    own_targets = query_adapter.KNOWLEDGE_WEIGHT * np.eye(len(entries), dtype="float32")

    def adapter(without: str | None):
        if not adapt:
            return None
        keep = np.array([p["author"] != without for p in profiles])
        return query_adapter.QueryAdapter.train(np.concatenate([goal_vectors[keep], own_vectors]),
                                                np.concatenate([goal_targets[keep], own_targets]), passages)

    rows, labels, weights = [], [], []
    for author in authors:
        mine = [p for p in profiles if p["author"] == author]
        if not mine:
            continue
        held_out = Recommender(entries, topics, faiss_index, bm25, model, goal_model(author), adapter=adapter(author))
        held_out.remember({t: known_vectors[t] for p in mine for t in (p["profile"]["ambition"],
                                                                      held_out.query_text(normalise_profile(p["profile"])))})
        probs = [held_out.goal_model.probabilities(p["profile"]["ambition"],
                                                   held_out.query_vector(p["profile"]["ambition"])[0]) for p in mine]
        r, l, w = rerank.training_rows(held_out, mine, probs)
        rows, labels, weights = rows + r, labels + l, weights + w
    return full, rerank.Reranker.train(rows, labels, weights), adapter(None)


# The learned models (goal topics, query map, reranker) take most of a build: two thirds of it on a quiet
# machine. They are a pure function of their inputs, so a build from the same inputs (a fresh clone, CI, a
# rebuild after a failed swap) copies them from the cache instead of teaching them again. The inputs: the
# knowledge, corpus and e5 (the index fingerprint), the passage vectors, the code of index/ and intake/ (the
# features and the readers), and today's date (what is still on offer feeds the reranker's features).
LEARNED_FILES = (goal_topics.FILE, query_adapter.FILE, rerank.FILE)
LEARNED_KEPT = 4


def _learned_cache(stamp: str, vectors: np.ndarray) -> Path:
    from index import availability
    from index.embedding_model import cache_dir

    digest = hashlib.sha256(stamp.encode())
    digest.update(np.ascontiguousarray(vectors).tobytes())
    for folder in (paths.REPO_ROOT / "index", paths.REPO_ROOT / "intake"):
        for path in sorted(folder.glob("*.py")) + sorted(folder.glob("*.json")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(availability.today().isoformat().encode())
    return cache_dir() / "learned" / digest.hexdigest()[:24]


def _keep_learned(built: Path, cache: Path) -> None:
    """Copy the freshly taught models into the cache; a cache that cannot be written is only slower."""
    try:
        partial = cache.with_name(cache.name + ".tmp")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name in LEARNED_FILES:
            if (built / name).exists():
                shutil.copy2(built / name, partial / name)
        (partial / "complete").write_text("")
        shutil.rmtree(cache, ignore_errors=True)
        partial.rename(cache)
        kept = sorted((p for p in cache.parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        for old in kept[:-LEARNED_KEPT]:  # the newest few only: each is ~0.7 MB
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass


def _swap_in(tmp: Path, build_dir: Path) -> None:
    """Replace the served index in two renames, so a reader never sees half an index."""
    old = build_dir.with_name(build_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if build_dir.exists():
        build_dir.rename(old)
    tmp.rename(build_dir)
    shutil.rmtree(old, ignore_errors=True)
