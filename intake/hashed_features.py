"""Small learned readers over hashed word features, shared by intake's fact filter, follow-up kind and
profile guess: a feature string becomes one of 2**bits columns, the weights ship as a plain JSON dict, and
serving needs only the standard library. Training (scikit-learn, scipy) is only imported by `train`."""
from __future__ import annotations

import json
import math
import re
import zlib
from array import array
from pathlib import Path

# (labels, one {column: weight} dict (training) or float32 array (served) per label, one bias per label); an
# empty model knows nothing.
Model = tuple[list[str], list[dict[int, float]], list[float]]
EMPTY: Model = ([], [], [])


def column(feature: str, bits: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


def words(text: str) -> list[str]:
    """Lower-case words with every number as '#' ("6 uur" and "8 uur" are the same evidence)."""
    return [re.sub(r"\d+([.,]\d+)?", "#", w) for w in re.findall(r"[a-zà-ÿ0-9'€]+", (text or "").lower())]


def matrix(rows, bits: int):
    """The (features, label, group) rows as a sparse 0/1 matrix for scikit-learn (training only)."""
    from scipy.sparse import csr_matrix  # training only: serving never builds a matrix

    data, indices, indptr = [], [], [0]
    for feats, _, _ in rows:
        for f in feats:
            indices.append(column(f, bits))
            data.append(1.0)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), 1 << bits))


def softmax(model: Model, feats: list[str], bits: int) -> dict[str, float]:
    """Each label's probability under a multinomial model for these features ({} without a model)."""
    labels, weights, bias = model
    if not labels:
        return {}
    hashed = [column(f, bits) for f in feats]
    logits = [b + (sum(w[h] for h in hashed) if isinstance(w, array) else sum(w.get(h, 0.0) for h in hashed))
              for w, b in zip(weights, bias)]
    return normalised(labels, logits)


def normalised(labels: list[str], logits: list[float]) -> dict[str, float]:
    """Each label's probability for these logits (a softmax, stable for large ones)."""
    top = max(logits)
    exp = [math.exp(z - top) for z in logits]
    total = sum(exp)
    return {k: e / total for k, e in zip(labels, exp)}


def train(rows, bits: int, c: float) -> Model:
    """A multinomial logistic regression on (features, label, group) rows, as a Model (training only)."""
    from sklearn.linear_model import LogisticRegression  # training only

    x = matrix(rows, bits)
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, [label for _, label, _ in rows])
    used = sorted(set(x.indices))
    weights = [{int(i): round(float(row[i]), 5) for i in used if abs(row[i]) > 1e-6} for row in clf.coef_]
    return [str(k) for k in clf.classes_], weights, [float(b) for b in clf.intercept_]


def save(path: Path, model: Model, bits: int, **extra) -> None:
    labels, weights, bias = model
    path.write_text(json.dumps({"kinds": labels, "bias": bias, "bits": bits, **extra,
                                "weights": [{str(k): v for k, v in sorted(w.items())} for w in weights]},
                               separators=(",", ":")), encoding="utf-8")


def load(path: Path) -> Model:
    """The model saved at path, or EMPTY when it is missing or unreadable (its reader then falls back to
    what it did before the model existed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return EMPTY
    weights = []
    for sparse in data["weights"]:
        # one float32 per column: a quarter of the memory a dict of Python floats takes (the action server
        # holds three of these models; 16 MB as dicts)
        dense = array("f", bytes(4 << int(data["bits"])))
        for k, v in sparse.items():
            dense[int(k)] = v
        weights.append(dense)
    return data["kinds"], weights, data["bias"]
