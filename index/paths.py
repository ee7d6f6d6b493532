"""Where things live. Every location is a setting (an environment variable) with a default."""
from __future__ import annotations

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


def built_stamp(build_dir: Path | None = None) -> tuple | None:
    """Which build of the index is in place, from a stat of its meta.json (no read): a build swaps in a new
    folder, so inode, size and time change with every build. None when there is no index."""
    try:
        stat = ((build_dir or BUILD_DIR) / "meta.json").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns
