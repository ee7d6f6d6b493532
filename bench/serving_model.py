"""Does the servers' e5 (index/sentence_encoder.py: ONNX graph + memory-mapped word table, no torch) answer
what sentence-transformers answered? Issue 21's proof, on real text:

- every knowledge entry, embedded as a passage, against the vector the index holds (built with
  sentence-transformers: today's vectors);
- every message of the blind corpus's train authors (say, answers, follow-ups), embedded as a query, against
  sentence-transformers;
- the top 5 of every labelled profile (eval/profiles.jsonl), the product's ranking, with either model.

    .venv/bin/python -m bench.serving_model

Prints the lowest cosine of each set and how many top-5 lists differ; writes bench/results/serving_model.json.
"""
from __future__ import annotations

import json
import time

import numpy as np

from index import corpus, evaluate, paths
from index.build import current_meta, fingerprint, passage_text
from index.embedding_model import load_model
from index.paths import REPO_ROOT
from index.search import Recommender
from index.sentence_encoder import serving_model

RESULTS = REPO_ROOT / "bench" / "results"


def corpus_messages() -> list[str]:
    """Everything a train author's teacher types (the test authors are never read)."""
    texts = []
    for conversation in corpus.conversations(paths.CORPUS_DIR, corpus.split(paths.CORPUS_DIR)["train"]):
        texts += [str(s) for s in conversation.get("say") or []]
        for answer in (conversation.get("answers") or {}).values():
            texts += [str(a) for a in (answer if isinstance(answer, list) else [answer]) if a is not None]
        texts += [str(a["text"] if isinstance(a, dict) else a) for a in conversation.get("after") or []]
    return sorted({t for t in texts if t.strip()})


def main() -> dict:
    meta = current_meta()
    if not meta or meta["fingerprint"] != fingerprint(paths.KNOWLEDGE_DIR, None):
        raise SystemExit("index/build is stale: run `leerwijzer index build` first (its vectors are the reference)")
    torch_model, onnx_model = load_model(), serving_model()
    reference = Recommender.load(model=torch_model, build_if_needed=False)
    served = Recommender.load(model=onnx_model, build_if_needed=False)

    passages = [passage_text(e, reference.topics) for e in reference.entries]
    stored = reference.faiss_index.reconstruct_n(0, reference.faiss_index.ntotal)
    started = time.perf_counter()
    onnx_passages = onnx_model.encode(passages, prompt_name="passage")
    passage_seconds = time.perf_counter() - started
    passage_cos = np.sum(stored * onnx_passages, axis=1)

    messages = corpus_messages()
    message_cos = np.sum(torch_model.encode(messages, prompt_name="query", normalize_embeddings=True)
                         * onnx_model.encode(messages, prompt_name="query"), axis=1)

    rows = evaluate.load_set()
    differ = []
    for row in rows:
        a = [r["id"] for r in reference.recommend(row["profile"], top=5)["recommendations"]]
        b = [r["id"] for r in served.recommend(row["profile"], top=5)["recommendations"]]
        if a != b:
            differ.append({"profile": row["profile"].get("ambition"), "torch": a, "onnx": b})

    result = {"knowledge entries": len(passages), "entries: lowest cosine": float(passage_cos.min()),
              "corpus messages (train authors)": len(messages), "messages: lowest cosine": float(message_cos.min()),
              "labelled profiles": len(rows), "top 5 differing": len(differ), "differences": differ,
              "onnx passages/s": round(len(passages) / passage_seconds, 1)}
    print("| set | texts | lowest cosine |\n|---|---|---|")
    print(f"| knowledge entries (passage) vs the index's vectors | {len(passages)} | {passage_cos.min():.7f} |")
    print(f"| corpus messages, train authors (query) vs sentence-transformers | {len(messages)} | {message_cos.min():.7f} |")
    print(f"\nlabelled profiles: {len(rows)}, top 5 differing: {len(differ)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serving_model.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
