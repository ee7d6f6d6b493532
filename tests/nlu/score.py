"""Score the trained model on the held-out NLU test set: intent macro-F1 and constraint entity F1.

Entities are scored as (entity, normalised value) pairs per message, since the constraint parser's job is
the value ('nen halve dag' -> 4 hours per week), not a token span. `town_region` is derived from the town
and not scored separately. Run in the Rasa environment:

    .venv-rasa/bin/python -m tests.nlu.score [--model models/leerwijzer.tar.gz] [--data tests/nlu/test.yml] [--json out.json]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter

DERIVED = {"town_region"}


def normalise(value):
    if isinstance(value, bool) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value).lower()


def entity_pairs(entities) -> set:
    return {(e["entity"], normalise(e.get("value"))) for e in entities or [] if e["entity"] not in DERIVED}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


async def evaluate(model: str, data: str) -> dict:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(model_path=model)
    examples = [m for m in load_data(data).intent_examples]
    intent_counts: dict[str, Counter] = {}
    entity_tp = entity_fp = entity_fn = 0
    errors = []
    for message in examples:
        text, gold_intent = message.get("text"), message.get("intent")
        parsed = await agent.parse_message(text)
        predicted = (parsed.get("intent") or {}).get("name")
        for label in {gold_intent, predicted}:
            intent_counts.setdefault(label, Counter())
        if predicted == gold_intent:
            intent_counts[gold_intent]["tp"] += 1
        else:
            intent_counts[gold_intent]["fn"] += 1
            intent_counts[predicted]["fp"] += 1
            errors.append({"text": text, "gold": gold_intent, "predicted": predicted})
        gold, got = entity_pairs(message.get("entities")), entity_pairs(parsed.get("entities"))
        entity_tp += len(gold & got)
        entity_fp += len(got - gold)
        entity_fn += len(gold - got)
        if gold != got:
            errors.append({"text": text, "missing": sorted(map(str, gold - got)), "extra": sorted(map(str, got - gold))})
    gold_labels = {m.get("intent") for m in examples}
    per_intent = {label: f1(c["tp"], c["fp"], c["fn"])[2] for label, c in intent_counts.items() if label in gold_labels}
    return {
        "examples": len(examples),
        "intent_accuracy": sum(c["tp"] for c in intent_counts.values()) / len(examples),
        "intent_macro_f1": sum(per_intent.values()) / len(per_intent),
        "intent_f1": per_intent,
        "entity_precision_recall_f1": f1(entity_tp, entity_fp, entity_fn),
        "entity_counts": {"tp": entity_tp, "fp": entity_fp, "fn": entity_fn},
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/leerwijzer.tar.gz")
    parser.add_argument("--data", default="tests/nlu/test.yml")
    parser.add_argument("--json")
    args = parser.parse_args()
    result = asyncio.run(evaluate(args.model, args.data))
    p, r, f = result["entity_precision_recall_f1"]
    print(f"{result['examples']} examples; intent accuracy {result['intent_accuracy']:.3f}, "
          f"intent macro-F1 {result['intent_macro_f1']:.3f}; entity P {p:.3f} R {r:.3f} F1 {f:.3f}")
    for label, score in sorted(result["intent_f1"].items()):
        print(f"  {label:15s} {score:.3f}")
    for error in result["errors"]:
        print("  error:", json.dumps(error, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
