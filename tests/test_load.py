"""Load, as users would notice it: 10 teachers at once for 20 s, each a whole Dutch intake plus two
follow-ups (locust, bench/locustfile.py). Nothing fails and every answered message is in its tracker.
The full steps (10, 30, 50 users) are a benchmark: `.venv/bin/python -m bench.load`."""
from __future__ import annotations

import pytest

from bench import load


@pytest.mark.e2e
def test_ten_teachers_at_once_get_answers_and_lose_nothing(stack, tmp_path):
    load.warm_up(stack.rasa_url)
    result = load.run_step(stack.rasa_url, users=10, seconds=20, token=load.token_of(stack), workdir=tmp_path,
                           stack=stack)
    summary = {k: v for k, v in result.items() if k != "by_kind"}
    assert result["requests"] >= 10, summary  # the load ran: every user was answered at least once
    assert result["failures"] == 0, summary
    assert result["unreadable_trackers"] == 0, summary
    assert result["lost_events"] == 0, summary
    # the replayed intakes still lead to recommendations, so the load includes retrieval
    assert result["reached_recommendations"] == result["intakes_completed"], \
        f"{summary}; the intake changed: record again with `.venv/bin/python -m bench.load --record`"
