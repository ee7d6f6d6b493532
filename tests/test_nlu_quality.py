"""The trained model on the held-out NLU set (tests/nlu/test.yml, never trained on): intent macro-F1 and
constraint entity F1 stay at or above 0.90. Runs the scorer in the Rasa environment, as Rasa would."""
from __future__ import annotations

import json
import os
import subprocess

from bot.stack import MODEL, RASA
from index.paths import REPO_ROOT


def test_held_out_intent_and_entity_f1_reach_the_targets(tmp_path):
    out = tmp_path / "nlu.json"
    python = RASA.parent / "python"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run([str(python), "-m", "tests.nlu.score", "--model", str(MODEL), "--json", str(out)],
                   cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=600)
    result = json.loads(out.read_text())
    assert result["examples"] >= 100
    assert result["intent_macro_f1"] >= 0.90, result["intent_f1"]
    assert result["entity_precision_recall_f1"][2] >= 0.90, result["entity_counts"]
