"""k-anonymity for every figure a counsellor sees: a group of fewer than K conversations is not shown on its
own but folded into "overig". When "overig" would hold fewer than K, the smallest shown group is folded in
with it (complementary suppression): leaving the small "overig" out would not hide it, since the total minus
the shown groups gives it back. The total itself is shown rounded (`about`).
"""
from __future__ import annotations

from collections import Counter
from typing import Hashable

K = 5
OTHER = "overig"


def fold(counts: Counter | dict, k: int = K, keep_order: list | None = None) -> list[tuple[Hashable, int]]:
    """[(group, n)], largest first (or in `keep_order`), groups under k summed into ("overig", n) last."""
    big = [(g, n) for g, n in counts.items() if n >= k]
    small = sum(n for n in counts.values() if 0 < n < k)
    if 0 < small < k and big:  # the total would give a small "overig" back: fold the smallest group in too
        smallest = min(big, key=lambda gn: (gn[1], str(gn[0])))
        big.remove(smallest)
        small += smallest[1]
    if keep_order is not None:
        rank = {g: i for i, g in enumerate(keep_order)}
        big.sort(key=lambda gn: rank.get(gn[0], len(rank)))
    else:
        big.sort(key=lambda gn: (-gn[1], str(gn[0])))
    return big + ([(OTHER, small)] if small >= k else [])


def fold_shares(groups: dict[Hashable, tuple[int, int]], k: int = K) -> list[tuple[Hashable, int, int]]:
    """Groups of (conversations, of which counted): [(group, n, m)], groups with n < k summed into overig."""
    big = sorted(((g, n, m) for g, (n, m) in groups.items() if n >= k), key=lambda t: (-t[1], str(t[0])))
    small_n = sum(n for n, _ in groups.values() if n < k)
    small_m = sum(m for n, m in groups.values() if n < k)
    if 0 < small_n < k and big:  # as in fold: complementary suppression
        g, n, m = big.pop()  # the smallest (sorted largest first)
        small_n, small_m = small_n + n, small_m + m
    return big + ([(OTHER, small_n, small_m)] if small_n >= k else [])


def enough(n: int, k: int = K) -> bool:
    return n >= k


def about(n: int, k: int = K) -> int:
    """A total as shown: rounded to a multiple of k, so that two totals differ by no single conversation."""
    return int(round(n / k)) * k
