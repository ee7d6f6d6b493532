"""BM25 over spaCy lemmas, as one sparse matrix: a query is the sum of a few columns, so it stays a
millisecond affair at 100k entries (a per-document Python loop does not)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

K1, B = 1.5, 0.75  # the usual BM25 constants


class BM25:
    def __init__(self, vocabulary: dict[str, int], weights: sparse.csc_matrix):
        self.vocabulary = vocabulary
        self.weights = weights  # documents x terms, BM25 weight of each term in each document

    @classmethod
    def fit(cls, documents: list[list[str]]) -> "BM25":
        vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for row, tokens in enumerate(documents):
            tf: dict[int, int] = {}
            for token in tokens:
                col = vocabulary.setdefault(token, len(vocabulary))
                tf[col] = tf.get(col, 0) + 1
            rows.extend([row] * len(tf))
            cols.extend(tf.keys())
            counts.extend(tf.values())
        n_docs = len(documents)
        tf_matrix = sparse.csr_matrix((np.array(counts, dtype=np.float32), (rows, cols)),
                                      shape=(n_docs, max(len(vocabulary), 1)))
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        average = max(float(lengths.mean()) if n_docs else 1.0, 1.0)
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=tf_matrix.shape[1]).astype(np.float32)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        tf_coo = tf_matrix.tocoo()
        norm = K1 * (1 - B + B * lengths[tf_coo.row] / average)
        values = tf_coo.data * (K1 + 1) / (tf_coo.data + norm) * idf[tf_coo.col]
        weights = sparse.csc_matrix((values.astype(np.float32), (tf_coo.row, tf_coo.col)), shape=tf_matrix.shape)
        return cls(vocabulary, weights)

    def scores(self, query: list[str]) -> np.ndarray:
        columns = [self.vocabulary[t] for t in query if t in self.vocabulary]
        if not columns:
            return np.zeros(self.weights.shape[0], dtype=np.float32)
        return np.asarray(self.weights[:, columns].sum(axis=1)).ravel()

    def top(self, query: list[str], k: int) -> list[int]:
        scores = self.scores(query)
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k)[:k]]
        return [int(i) for i in hits[np.argsort(-scores[hits], kind="stable")]]

    def save(self, folder: Path) -> None:
        sparse.save_npz(folder / "bm25.npz", self.weights)
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        (folder / "bm25_terms.txt").write_text("\n".join(terms), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "BM25":
        terms = (folder / "bm25_terms.txt").read_text(encoding="utf-8").split("\n")
        return cls({t: i for i, t in enumerate(terms)}, sparse.load_npz(folder / "bm25.npz").tocsc())
