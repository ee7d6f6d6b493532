"""Benchmarks: figures, not pass/fail. `python -m bench.run [recommend|scale|stack|train|all]`.

- recommend: one warm `recommend` call on the real knowledge base, p50/p95.
- scale: 10k and 100k synthetic entries made from the real ones (varied topics and towns; vectors are
  the real entry's e5 vector plus noise, so no hour-long encoding): index build time, memory, p95 of a
  whole recommend call, for exact (flat) and approximate (HNSW) FAISS, and HNSW recall@10 vs exact.
- stack: time from start to ready (everything built), 240 sequential REST messages (one user) p50/p95, the
  recommendation turn's p50/p95 (issue 21: p95 <= 150 ms), resident memory of the Rasa and action servers.
- memory: resident memory of each server at ready, after 500 mixed turns and after 10 index reloads
  (issue 21: memory must not grow without bound), with the load average.
- train: `rasa train --force` time.
Results are printed as Markdown and written to bench/results/<name>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import yaml

import settings
from index.paths import REPO_ROOT

RESULTS = REPO_ROOT / "bench" / "results"
AMBITIONS = [
    "Ik wil leren omgaan met diversiteit en inclusief onderwijs in mijn klas",
    "iets rond gedrag van kleuters", "een master halen naast mijn werk", "meer doen met STEM en techniek",
    "ik wil beter rekenonderwijs geven", "ICT en computationeel denken in de klas",
    "samen met collega's leren in een professionele leergemeenschap", "hoogbegaafde leerlingen begeleiden",
    "Frans beter leren geven", "leiding geven aan een schoolteam", "taal en lezen bij anderstalige kinderen",
    "onderzoek doen in mijn eigen praktijk", "bewegingsonderwijs mogen geven", "muziek en cultuur",
]
TOWNS = ["Hasselt", "Gent", "Antwerpen", "Leuven", "Brugge", "Genk", "Utrecht", "Zwolle", "Eindhoven",
         "Groningen", "Tilburg", "Rotterdam", "Amersfoort", "Nijmegen", "Kortrijk", "Mechelen"]


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


def profiles(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        region = rng.choice(["VL", "NL"])
        out.append({"role": "teacher", "region": region, "sector": rng.choice(["kleuter", "lager", "basis"]),
                    "ambition": rng.choice(AMBITIONS), "hours_per_week": rng.choice([2, 4, 8]),
                    "budget_eur": rng.choice([0, 500, 2000, None]), "home_town": rng.choice(TOWNS),
                    "max_travel_minutes": rng.choice([20, 30, 60])})
    return out


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    return int(next(l for l in status.splitlines() if l.startswith("VmRSS")).split()[1]) / 1024


def tree_rss_mb(pid: int) -> float:
    """A server and its children (Rasa starts helpers)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += rss_mb(p)
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return total


def bench_recommend(recommender=None, n: int = 100) -> dict:
    from index.search import Recommender

    recommender = recommender or Recommender.load()
    queries = profiles(n)
    recommender.recommend(queries[0])  # warm
    times = [timed(recommender.recommend, q)[1] * 1000 for q in queries]
    cold = []  # the ambition never seen before: the e5 query encoding is part of the call
    for q in queries:
        recommender._query_cache.clear()
        cold.append(timed(recommender.recommend, q)[1] * 1000)
    return {"entries": len(recommender.entries), "calls": n, "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1), "new_ambition_p50_ms": round(percentile(cold, 50), 1),
            "new_ambition_p95_ms": round(percentile(cold, 95), 1)}


def synthetic(recommender, n: int, seed: int = 11):
    """n entries from the real ones: other topics, towns and ids; vectors = real vector + noise."""
    from index.geo import gazetteer
    from index.lexical import BM25
    from index.text import lemmas_many
    from index.build import lexical_text

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    real = recommender.entries
    base = np.vstack([recommender.faiss_index.reconstruct(i) for i in range(len(real))])
    topic_keys = list(recommender.topics)
    towns = [p.name for p in set(gazetteer().values()) if p.region][:2000]
    entries, picks = [], []
    for i in range(n):
        j = i % len(real)
        entry = dict(real[j])
        entry["id"] = f"{entry['id']}-syn{i}"
        entry["topics"] = sorted(set(entry["topics"][:2] + rng.sample(topic_keys, 2)))
        if entry.get("delivery") != "online":
            entry["locations"] = rng.sample(towns, rng.randint(1, 3))
        entries.append(entry)
        picks.append(j)
    vectors = base[picks] + nprng.normal(0, 0.02, size=(n, base.shape[1])).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    real_tokens = lemmas_many([lexical_text(e, recommender.topics) for e in real])
    tokens = [real_tokens[j] + [t for key in e["topics"] for t in recommender.topics[key].get("terms", [])[:2]]
              + [loc.lower() for loc in e.get("locations", [])] for j, e in zip(picks, entries)]
    bm25, bm25_seconds = timed(BM25.fit, tokens)
    return entries, vectors.astype("float32"), bm25, bm25_seconds


def bench_scale(sizes=(10_000, 100_000)) -> dict:
    import faiss

    from index.build import make_faiss_index
    from index.search import Recommender

    real = Recommender.load()
    queries = profiles(200)
    query_vectors = np.vstack([real.dense(real.query_text(q), 1)[1] for q in queries[:100]])
    out = {}
    for n in sizes:
        entries, vectors, bm25, bm25_s = synthetic(real, n)
        exact = None
        for kind in ("flat", "hnsw"):
            index, build_s = timed(make_faiss_index, vectors, kind)
            memory = faiss.serialize_index(index).nbytes / 1e6  # what the index holds in memory
            engine = Recommender(entries, real.topics, index, bm25, real.model)
            engine.recommend(queries[0])
            times = [timed(engine.recommend, q)[1] * 1000 for q in queries[:100]]
            _, found = index.search(query_vectors, 10)
            if kind == "flat":
                exact = found
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, exact)]))
            out[f"{n}-{kind}"] = {"entries": n, "index": kind, "faiss_build_s": round(build_s, 2),
                                  "bm25_build_s": round(bm25_s, 2), "faiss_memory_mb": round(memory, 1),
                                  "bm25_memory_mb": round(bm25.weights.data.nbytes / 1e6 * 2, 1),
                                  "recommend_p50_ms": round(percentile(times, 50), 1),
                                  "recommend_p95_ms": round(percentile(times, 95), 1),
                                  "recall@10_vs_exact": round(recall, 3)}
            print(json.dumps(out[f"{n}-{kind}"]), flush=True)
            del engine, index
    return out


def bench_stack(messages: int = 240) -> dict:
    import requests

    from bot import stack as stack_module
    from index.build import build_index

    build_index(progress=False)
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"leerwijzer-bench-{os.getpid()}"
    started = time.perf_counter()
    running = stack_module.start(tracker_db=base / "tracker.db", log_dir=base / "logs")
    ready_s = time.perf_counter() - started
    url = f"{running.rasa_url}/webhooks/rest/webhook"
    script = ["hallo", "ik ben leerkracht in het lager onderwijs in Gent", "ik wil meer leren over STEM",
              "4 uur per week", "max 500 euro", "30 minuten", "bedankt", "opnieuw"]
    times, recommend_times = [], []
    try:
        requests.post(url, json={"sender": "warm", "message": "hallo"}, timeout=300)
        for i in range(messages):
            text = script[i % len(script)]
            _, seconds = timed(requests.post, url, json={"sender": f"bench-{i // len(script)}", "message": text},
                               timeout=300)
            (recommend_times if text == "30 minuten" else times).append(seconds * 1000)
        memory = {name: round(tree_rss_mb(p.pid), 0) for name, p in running.processes.items()}
    finally:
        running.stop()
    every = times + recommend_times
    return {"ready_s": round(ready_s, 1), "messages": len(every),
            "p50_ms": round(percentile(every, 50), 1), "p95_ms": round(percentile(every, 95), 1),
            "recommendation_turns": len(recommend_times),
            "recommendation_turn_p50_ms": round(percentile(recommend_times, 50), 1),
            "recommendation_turn_p95_ms": round(percentile(recommend_times, 95), 1),  # issue 21: <= 150 ms
            "rss_mb": memory, "load_average": [round(x, 2) for x in os.getloadavg()]}


def load_scripts() -> dict:
    return yaml.safe_load((REPO_ROOT / "bench" / "load_scripts.yml").read_text(encoding="utf-8"))


def mixed_turns(count: int) -> list[tuple[str, str]]:
    """(sender, message): the 12 recorded intakes of the load test (bench/load_scripts.yml) with their two
    follow-ups, and a restart, over and over, each round with new senders, until `count` turns."""
    scripts = load_scripts()
    turns, round_no = [], 0
    while len(turns) < count:
        for conversation in scripts["conversations"]:
            sender = f"mem-{round_no}-{conversation['id']}"
            turns += [(sender, text) for text in conversation["intake"] + scripts["follow_ups"] + ["opnieuw"]]
        round_no += 1
    return turns[:count]


def bench_memory(turns: int = 500, reloads: int = 10) -> dict:
    """Resident memory of each server (with its children) at ready, after `turns` mixed turns, and after
    `reloads` index reloads: a rebuilt index swapped in as `leerwijzer index build` does after a knowledge
    change, each followed by a recommendation turn (which takes the new index). The index is a copy in a
    temporary folder (LEERWIJZER_INDEX_DIR), so the checkout's is never touched."""
    import requests

    from bot import stack as stack_module
    from index.build import _swap_in, build_index

    build_index(progress=False)
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"leerwijzer-bench-memory-{os.getpid()}"
    index_dir = base / "index"
    shutil.copytree(REPO_ROOT / "index" / "build", index_dir)
    os.environ[settings.INDEX_DIR.name] = str(index_dir)  # the servers inherit it (bot/stack.py: child_env)
    running = stack_module.start(tracker_db=base / "tracker.db", log_dir=base / "logs", with_web=False)
    url = f"{running.rasa_url}/webhooks/rest/webhook"

    def send(sender: str, text: str) -> list:
        answer = requests.post(url, json={"sender": sender, "message": text}, timeout=300)
        answer.raise_for_status()
        return answer.json()

    def rss() -> dict:
        return {name: round(tree_rss_mb(p.pid)) for name, p in running.processes.items()}

    def recommendation_turn(sender: str) -> None:
        for text in intake[:-1]:
            send(sender, text)
        assert any("custom" in m for m in send(sender, intake[-1])), "no recommendations"

    intake = load_scripts()["conversations"][0]["intake"]
    figures = {}
    try:
        figures["at ready"] = rss()
        recommendation_turn("mem-first")  # the action server loads its index in the background
        figures["after the first recommendation"] = rss()
        started, growth, recommendations = time.perf_counter(), {}, 0
        for done, (sender, text) in enumerate(mixed_turns(turns), 1):
            recommendations += any("custom" in m for m in send(sender, text))
            if done % 100 == 0:  # does it level off?
                growth[done] = rss()
        turns_s = time.perf_counter() - started
        figures[f"after {turns} mixed turns"] = rss()
        for i in range(reloads):
            fresh = index_dir.with_name("index.new")
            shutil.copytree(index_dir, fresh)
            meta = json.loads((fresh / "meta.json").read_text())
            (fresh / "meta.json").write_text(json.dumps({**meta, "built_at": f"reload {i}"}))
            _swap_in(fresh, index_dir)
            recommendation_turn(f"mem-reload-{i}")
        figures[f"after {reloads} index reloads"] = rss()
        reloaded = (running.log_dir / "actions.log").read_text(errors="ignore").count("search index reloaded")
    finally:
        running.stop()
        os.environ.pop(settings.INDEX_DIR.name, None)
        shutil.rmtree(base, ignore_errors=True)
    load = os.getloadavg()
    return {"rss_mb": figures, "together_mb": {k: sum(v.values()) for k, v in figures.items()},
            "rss_mb_every_100_turns": growth,
            "turns": turns, "turns_with_cards": recommendations, "turns_s": round(turns_s, 1), "reloads_seen_by_action_server": reloaded,
            "load_average": [round(x, 2) for x in load]}


def bench_train() -> dict:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}
    _, seconds = timed(subprocess.run, [str(REPO_ROOT / ".venv-rasa/bin/rasa"), "train", "--force", "--quiet",
                                        "--fixed-model-name", "leerwijzer", "--out", "models"],
                       cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    return {"rasa_train_s": round(seconds, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", default=["recommend", "scale", "stack", "memory"],
                        choices=["recommend", "scale", "stack", "memory", "train", "all"])
    args = parser.parse_args()
    which = ["recommend", "scale", "stack", "memory", "train"] if "all" in args.which else args.which
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in which:
        result = {"recommend": bench_recommend, "scale": bench_scale, "stack": bench_stack,
                  "memory": bench_memory, "train": bench_train}[name]()
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
        print(f"## {name}\n```json\n{json.dumps(result, indent=2)}\n```", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
