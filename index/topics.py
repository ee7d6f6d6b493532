"""Which topics of the controlled vocabulary (knowledge/topics.yml) a query is about.

A teacher writes "rekenles voor zwakke rekenaars"; the topic's term is "rekenen". Dutch glues words
together, so a term matches a query word it begins ("taal" in "taalachterstand"), a query word that begins
it by little more than an inflection ("niveau" in "niveaus"; not "school" in "schoolleider"), or its stem
("reken" from "rekenen" in "rekenles"). Multi-word terms match as phrases (hyphens read as spaces). The result feeds the ranking (a third list in the fusion) and the reasons ("Sluit aan
bij je ambitie: rekenen en wiskunde"). Language knowledge lives in the vocabulary file, not here.
"""
from __future__ import annotations

import re
from functools import lru_cache

MIN_PREFIX = 4       # a term this long may begin a longer word
MIN_QUERY_PREFIX = 5  # a query word this long may begin a longer term ...
MAX_QUERY_REST = 3    # ... that is at most this much longer: an inflection ("niveau" -> "niveaus", "collega" ->
                      # "collega's", "coach" -> "coaching"), not another word ("school" -> "schoolleider",
                      # "master" -> "masterstudenten", "onderwijs" -> "onderwijskunde")
STEM_SUFFIXES = ("en", "e")


def _stem(term: str) -> str | None:
    for suffix in STEM_SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 5:
            return term[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def vocabulary_matcher() -> "TopicMatcher":
    """The matcher over knowledge/topics.yml (read once)."""
    import yaml

    from index import paths

    data = yaml.safe_load((paths.KNOWLEDGE_DIR / "topics.yml").read_text(encoding="utf-8"))
    return TopicMatcher(data["topics"])


class TopicMatcher:
    def __init__(self, topics: dict):
        self.phrases: list[tuple[str, str]] = []   # (phrase, key)
        self.words: list[tuple[str, str]] = []     # (term, key)
        for key, topic in topics.items():
            for term in [*topic.get("terms", []), topic.get("label", "")]:
                term = term.lower().strip()
                if not term:
                    continue
                if " " in term or "-" in term and len(term) > 6:
                    self.phrases.append((term, key))
                else:
                    self.words.append((term, key))

    @lru_cache(maxsize=1024)
    def topics_in(self, text: str) -> tuple[str, ...]:
        """Topic keys the text is about, most hits first."""
        lower = (text or "").lower()
        spaced = " ".join(re.split(r"[\s-]+", lower))  # "21e-eeuwse vaardigheden" is the phrase "21e eeuwse ..."
        tokens = set(re.findall(r"[a-zà-ÿ0-9&]+", lower))
        hits: dict[str, int] = {}
        for phrase, key in self.phrases:
            if phrase in lower or phrase in spaced:
                hits[key] = hits.get(key, 0) + 2
        for term, key in self.words:
            stem = _stem(term)
            if any(token == term
                   or (len(term) >= MIN_PREFIX and token.startswith(term))
                   or (len(token) >= MIN_QUERY_PREFIX and term.startswith(token)
                       and len(term) - len(token) <= MAX_QUERY_REST)
                   or (stem and token.startswith(stem))
                   for token in tokens):
                hits[key] = hits.get(key, 0) + 1
        return tuple(sorted(hits, key=lambda k: -hits[k]))
