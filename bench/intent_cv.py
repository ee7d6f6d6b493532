"""Intent F1, cross-validated by author: each fold holds out one author's examples and trains on the others.

The authors are the team's own NLU data (data/nlu/*.yml without corpus.yml) and the four train authors of
the blind corpus (their follow-ups labelled by what they ask, and their first messages; bench.nlu_from_corpus).
Also scored, with the model trained on everything the product trains on: the frozen test split's messages,
labelled the same way (figures only). Run in the Rasa environment (it trains NLU models, ~1 min each):

    .venv-rasa/bin/python -m bench.intent_cv
"""
from __future__ import annotations

import asyncio
import json
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from bench import nlu_from_corpus
from bench.blind import ROOT, SPLITS

CONFIG = ROOT / "config.yml"


def _team_examples() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        if path.name == "corpus.yml":
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    out.setdefault(block["intent"], []).append(text)
    return out


def _write(examples: dict[str, list[str]], path: Path) -> None:
    blocks = [{"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)} for intent, texts in examples.items() if texts]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _plain(text: str) -> str:
    """Rasa's annotation markup removed: '[Genk](home_town)' -> 'Genk'."""
    import re

    return re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), text)


def _merge(*parts: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in parts:
        for intent, texts in part.items():
            out.setdefault(intent, []).extend(texts)
    return out


def _f1(gold: list[str], predicted: list[str]) -> dict:
    labels = sorted(set(gold))
    counts = {label: Counter() for label in set(gold) | set(predicted)}
    for g, p in zip(gold, predicted):
        if g == p:
            counts[g]["tp"] += 1
        else:
            counts[g]["fn"] += 1
            counts[p]["fp"] += 1
    scores = {}
    for label in labels:
        c = counts[label]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        scores[label] = (2 * precision * recall / (precision + recall) if precision + recall else 0.0, c["tp"] + c["fn"])
    total = sum(n for _, n in scores.values())
    return {"weighted_f1": round(sum(f * n for f, n in scores.values()) / total, 3),
            "macro_f1": round(sum(f for f, _ in scores.values()) / len(scores), 3),
            "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 3), "n": len(gold)}


async def _predict(model: str, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(model_path=model)
    return [((await agent.parse_message(t)).get("intent") or {}).get("name") for t in texts]


def _train(examples: dict[str, list[str]], workdir: Path, name: str) -> str:
    from rasa.model_training import train_nlu

    data = workdir / f"{name}.yml"
    _write(examples, data)
    return train_nlu(config=str(CONFIG), nlu_data=str(data), output=str(workdir), fixed_model_name=name,
                     domain=str(ROOT / "domain.yml"))


def main() -> int:
    authors = {"team": _team_examples()}
    for author in SPLITS["train"]:
        authors[author] = nlu_from_corpus.examples("train", (author,))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for held in authors:
            train = _merge(*(ex for a, ex in authors.items() if a != held))
            model = _train(train, work, f"without-{held}")
            gold = [i for i, texts in authors[held].items() for _ in texts]
            texts = [_plain(t) for texts in authors[held].values() for t in texts]
            results[held] = _f1(gold, asyncio.run(_predict(model, texts)))
        model = _train(_merge(*authors.values()), work, "all")
        test = nlu_from_corpus.examples("test")
        gold = [i for i, texts in test.items() for _ in texts]
        frozen = _f1(gold, asyncio.run(_predict(model, [t for texts in test.values() for t in texts])))
    n = sum(r["n"] for r in results.values())
    pooled = {k: round(sum(r[k] * r["n"] for r in results.values()) / n, 3) for k in ("weighted_f1", "macro_f1", "accuracy")}
    print(json.dumps({"by_held_out_author": results, "pooled": pooled, "frozen_test_split": frozen}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
