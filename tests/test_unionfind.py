"""Disjoint sets: transitive joins, and the kept root naming the set."""

from heuer.unionfind import UnionFind


def test_joins_are_transitive_and_keep_the_named_root():
    uf = UnionFind()
    uf.union("a", "b")
    uf.union("c", "d")
    assert uf.find("b") == "a" and uf.find("d") == "c"
    uf.union("d", "b")  # joins both sets; d's root (c) names the result
    assert {uf.find(x) for x in "abcd"} == {"c"}
    assert uf.find("z") == "z"  # an unseen item is its own set
