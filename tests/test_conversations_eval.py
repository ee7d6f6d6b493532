"""A subset of the conversation evaluation (bench/conversations.py) in `make test`: scripted Flemish and
Dutch teachers, written from how teachers talk, through REST against the real running stack. The whole set
(192 conversations) and its figures: `.venv/bin/python -m bench.conversations`."""
from __future__ import annotations

import pytest

from bench import conversations as evaluation

pytestmark = pytest.mark.e2e

# Every sixth conversation of each set: both regions and every kind of difficulty (checked below).
SUBSET = [c for i, c in enumerate(evaluation.load()) if i % 6 == 0]


def test_the_subset_covers_every_kind_of_difficulty():
    covered = {tag for c in SUBSET for tag in c.get("covers", [])}
    assert {"facts_in_one", "mismatch", "correction", "followup", "handoff", "junk", "vocabulary"} <= covered
    assert {c["id"][:2] for c in SUBSET} == {"vl", "nl"} and len(SUBSET) >= 30


def test_scripted_teachers_reach_recommendations_without_loops_and_are_understood(stack):
    summary, results = evaluation.run(evaluation.Client(stack.rasa_url, stack.api_token), SUBSET)
    problems = {r.id: (r.wrong_slots, r.ambition, r.error) for r in results
                if r.wrong_slots or r.ambition_kept is False or r.error or (r.expect_recommendations and not r.reached)}
    assert summary["errors"] == 0, problems
    assert summary["loops"] == 0, problems
    assert summary["reach_recommendations"] >= 0.95, problems
    assert summary["slot_accuracy"] >= 0.93, problems
    assert summary["ambition_kept"] >= 0.85, problems
    assert summary["topic_in_top3"] >= 0.7, summary
