"""Disjoint sets over any hashable items: article families, reporting channels, FNC-1 stories.

Several stages group things transitively ("A retells B, B retells C: one family"); one small
implementation with path halving serves them all.
"""

from __future__ import annotations

from collections.abc import Hashable


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, keep: Hashable, other: Hashable) -> None:
        """Join the two sets; ``keep``'s root stays the root, so callers control which id names a set."""
        rk, ro = self.find(keep), self.find(other)
        if rk != ro:
            self.parent[ro] = rk
