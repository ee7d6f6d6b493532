"""A learned turn of the e5 query vector, so that a goal in a teacher's own words lands near the entries a
counsellor would give for it.

e5 puts "mijn groep is onrustig, ze maken ruzie op de speelplaats" near entries that share its everyday words,
not near the behaviour programmes. A linear map on the query vector, q -> q + q D, trained on (goal as typed,
wanted entry) pairs, moves such goals towards what was wanted for goals like them. On the dense list alone (each
train author held out), a wanted entry in the top 3 went from 39 % to 61-63 %; in the whole ranking
(bench/rerank_cv.py) from 58.8 % to 66.0 %. The passages, the FAISS index and the ONNX e5 graph that the Rasa
server shares stay as they are; at serving the map is one numpy matrix product.

Training (at index build, index/build.py) minimises the cross-entropy of a softmax over every entry of the
catalogue (it is small: full softmax instead of in-batch negatives), with:
- the train authors' goals, as the Recommender phrases them (index.search.Recommender.query_text), each
  pointing at its wanted entries (weight 1) and its acceptable ones (ACCEPTABLE_WEIGHT);
- each entry's title and summary as a query pointing at itself (KNOWLEDGE_WEIGHT), so that entries no
  teacher in the corpus wanted are not pushed away from their own words;
- an L2 penalty on D (REGULARISATION), so the map stays near the identity: near e5 where the corpus says
  nothing.
The problem is convex in D and solved by L-BFGS from D = 0: the same data gives the same map (no seeds).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

FILE = "query_adapter.npz"
ACCEPTABLE_WEIGHT = 0.3   # an acceptable entry is a weaker target than a wanted one (as in index/rerank.py)
KNOWLEDGE_WEIGHT = 0.3    # an entry's own text as a query: keeps unseen entries reachable
TEMPERATURE = 0.05        # e5 cosines span ~0.75-0.9: sharpened so the softmax can tell entries apart
REGULARISATION = 3e-4     # on |D|^2; the best of 1e-4, 3e-4, 1e-3, 3e-3 and 1e-2 on the dense list, author held out
ITERATIONS = 100          # L-BFGS steps: near convergence (it stops at ~180), 1.7 s of one core


class QueryAdapter:
    def __init__(self, delta: np.ndarray):
        self.delta = delta.astype("float32")  # D: the map is q -> q + q D

    def adapt(self, vectors: np.ndarray) -> np.ndarray:
        """The adapted query vectors, unit length (rows)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype="float32"))
        moved = vectors + vectors @ self.delta
        return (moved / np.maximum(np.linalg.norm(moved, axis=1, keepdims=True), 1e-9)).astype("float32")

    def save(self, directory: Path) -> None:
        np.savez(directory / FILE, delta=self.delta)

    @classmethod
    def load(cls, directory: Path) -> "QueryAdapter | None":
        path = directory / FILE
        return cls(np.load(path)["delta"]) if path.exists() else None

    @classmethod
    def train(cls, queries: np.ndarray, targets: np.ndarray, passages: np.ndarray,
              regularisation: float = REGULARISATION, iterations: int = ITERATIONS) -> "QueryAdapter":
        """queries: e5 query vectors (n x d); targets: n x entries, how much each entry is wanted for each
        query (0 for none); passages: the entries' e5 passage vectors (entries x d), as in the FAISS index."""
        weight = targets.max(axis=1)
        keep = weight > 0
        x = np.asarray(queries[keep], dtype="float32")
        share = (targets[keep] / targets[keep].sum(axis=1, keepdims=True)).astype("float32")  # a distribution per query
        weight = (weight[keep] / weight[keep].sum()).astype("float32")
        p = np.asarray(passages, dtype="float32")
        dim = x.shape[1]

        def loss_and_gradient(flat):
            delta = flat.astype("float32").reshape(dim, dim)
            logits = (x + x @ delta) @ p.T / TEMPERATURE
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            loss = -(weight[:, None] * share * np.log(probs + 1e-12)).sum() + regularisation * (delta * delta).sum()
            slope = weight[:, None] * (probs - share) / TEMPERATURE  # d loss / d logits
            gradient = x.T @ (slope @ p) + 2 * regularisation * delta
            return float(loss), gradient.ravel().astype("float64")

        from scipy.optimize import minimize  # deliberately lazy: training only (index build); 27 MB in a server

        result = minimize(loss_and_gradient, np.zeros(dim * dim), jac=True, method="L-BFGS-B",
                          options={"maxiter": iterations})
        return cls(result.x.reshape(dim, dim))


def targets_for(wanted: list[list[str]], acceptable: list[list[str]], entries: list[dict]) -> np.ndarray:
    """Rows of target weights over the catalogue's entries (in index order); an old id (`aliases`) counts
    for the entry that holds it now."""
    position = {alias: n for n, e in enumerate(entries) for alias in (e.get("aliases") or [])}
    position.update({e["id"]: n for n, e in enumerate(entries)})
    out = np.zeros((len(wanted), len(entries)), dtype="float32")
    for row, (w, a) in enumerate(zip(wanted, acceptable)):
        for entry_id in a:
            if entry_id in position:
                out[row, position[entry_id]] = ACCEPTABLE_WEIGHT
        for entry_id in w:
            if entry_id in position:
                out[row, position[entry_id]] = 1.0
    return out
