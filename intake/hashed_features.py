"""Hashed word features, shared by the small learned readers of intake (fact_filter, followup_kind): a
feature string becomes one of 2**bits columns, so the weights ship as a plain JSON dict and serving needs
only the standard library."""
from __future__ import annotations

import zlib


def column(feature: str, bits: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


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
