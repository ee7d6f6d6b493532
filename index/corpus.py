"""The blind evaluation corpus (eval/blind/) as the learned parts read it: its conversations by author, and
what each teacher said about their goal. One reader for the goal-topic model, the reranker and the scorer."""
from __future__ import annotations

from pathlib import Path

import yaml


def split(corpus_dir: Path) -> dict[str, list[str]]:
    """{"train": [...], "test": [...]}: the authors of each split (eval/blind/split.yml)."""
    return yaml.safe_load((corpus_dir / "split.yml").read_text(encoding="utf-8"))


def conversations(corpus_dir: Path, authors: list[str] | None = None) -> list[dict]:
    """The conversations of these authors (default: the train split), each with `_author` set. Two authors
    named the goal question's answer "goal"; it is read as "ambition" like the others."""
    if authors is None:
        authors = split(corpus_dir)["train"]
    out = []
    for author in authors:
        path = corpus_dir / f"{author}.yml"
        if not path.exists():
            continue
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            conversation["_author"] = author
            answers = conversation.get("answers") or {}
            if "goal" in answers:
                answers.setdefault("ambition", answers.pop("goal"))
            out.append(conversation)
    return out


def goal_text(conversation: dict) -> str:
    """What the teacher typed before the questions, and their answer to the goal question."""
    answer = (conversation.get("answers") or {}).get("ambition")
    said = [str(s) for s in conversation.get("say") or []]
    said += [str(a) for a in (answer if isinstance(answer, list) else [answer] if answer else [])]
    return " ".join(said)
