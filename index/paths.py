"""Where things live. Every location is a setting (settings.py: its name, default and meaning), read once, when
this module is first imported: a process keeps the folders it started with."""
from __future__ import annotations

from pathlib import Path

import settings

REPO_ROOT = settings.REPO_ROOT

KNOWLEDGE_DIR = settings.KNOWLEDGE.get()
# The source documents sit beside the checkout (../shared/seeds); citations are checked against them.
SEEDS_DIR = settings.SEEDS.get()
# Built artefacts (FAISS, lexical index): ignored by git, rebuilt when knowledge or model change.
BUILD_DIR = settings.INDEX_DIR.get()
# The blind evaluation corpus; its train authors also teach the goal-topic model (index/goal_topics.py).
CORPUS_DIR = settings.CORPUS.get()


def built_stamp(build_dir: Path | None = None) -> tuple | None:
    """Which build of the index is in place, from a stat of its meta.json (no read): a build swaps in a new
    folder, so inode, size and time change with every build. None when there is no index."""
    try:
        stat = ((build_dir or BUILD_DIR) / "meta.json").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns
