"""The conversation tests in tests/conversations (Rasa's test-story format), run for real with
`rasa test core --fail-on-prediction-errors` against the trained model, with the action server up.

Note: Rasa 3.6's `rasa test core` checks the dialogue model's predicted action sequence; it does not
execute custom actions. What the actions say is tested in test_actions.py and over REST in test_e2e.py.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from bot import stack as stack_module
from index.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

CONVERSATIONS = REPO_ROOT / "tests" / "conversations"


@pytest.fixture(scope="module")
def action_server(stack):
    """The session's running stack (tests/conftest.py): its action server is up, as the stories' endpoints
    name one, and the e2e files share it instead of starting another (an action server start with its models,
    ~20-60 s on the shared 2 cores)."""
    return stack


def test_every_conversation_story_is_predicted_exactly(action_server, tmp_path):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_SERVER_URL": f"http://localhost:{action_server.action_port}/webhook",
           "LEERWIJZER_TRACKER_DB": str(tmp_path / "t.db")}
    result = subprocess.run(
        [str(stack_module.RASA), "test", "core", "--stories", str(CONVERSATIONS), "--model", str(stack_module.MODEL),
         "--endpoints", "endpoints.yml", "--fail-on-prediction-errors", "--out", str(tmp_path / "results")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    failed = (tmp_path / "results" / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert "None of the test stories failed" in failed, failed
    assert "Correct:" in output


def test_every_required_conversation_is_covered():
    import yaml

    names = [story["story"] for path in sorted(CONVERSATIONS.glob("*.yml"))
             for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]]
    text = " ".join(names)
    for needed in ("happy path", "impossible hours", "negative budget", "unknown town", "follow-ups",
                   "student-teacher", "counsellor", "school leader", "vergeet mij", "restart"):
        assert needed in text, needed
