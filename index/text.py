"""Dutch text processing for the lexical index: spaCy tokenisation and lookup lemmas.

Both the index build and the query side use `lemmas()`, so documents and queries are normalised alike. The
intake's fact parser (intake/parse.py) runs on the same pipeline, so a server holds one copy of the lemma tables.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower case without accents: "coordinator" is how many type "coördinator", "Liège" is "liege"."""
    return "".join(c for c in unicodedata.normalize("NFKD", (text or "").lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def dutch():
    import spacy

    nlp = spacy.blank("nl")
    # Lookup lemmas (spacy-lookups-data): no tagger is needed, so this works without a trained pipeline.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def lemmas(text: str) -> list[str]:
    """Content-word lemmas, lower case: 'gedragsproblemen in de klassen' -> ['gedragsprobleem', 'klas']."""
    doc = dutch()(text.lower())
    return [t.lemma_ for t in doc if not (t.is_stop or t.is_punct or t.is_space) and re.search(r"\w", t.text)]


def lemmas_many(texts: list[str]) -> list[list[str]]:
    nlp = dutch()
    return [[t.lemma_ for t in doc if not (t.is_stop or t.is_punct or t.is_space) and re.search(r"\w", t.text)]
            for doc in nlp.pipe([t.lower() for t in texts], batch_size=256)]
