"""Where things live. Every location is a setting (an environment variable) with a default."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _setting(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


KNOWLEDGE_DIR = _setting("LEERWIJZER_KNOWLEDGE", REPO_ROOT / "knowledge")
# The source documents sit beside the checkout (../shared/seeds); citations are checked against them.
SEEDS_DIR = _setting("LEERWIJZER_SEEDS", REPO_ROOT.parent / "shared" / "seeds")
# Built artefacts (FAISS, lexical index): ignored by git, rebuilt when knowledge or model change.
BUILD_DIR = _setting("LEERWIJZER_INDEX_DIR", REPO_ROOT / "index" / "build")
# The blind evaluation corpus; its train authors also teach the goal-topic model (index/goal_topics.py).
CORPUS_DIR = _setting("LEERWIJZER_CORPUS", REPO_ROOT / "eval" / "blind")
