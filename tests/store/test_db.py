from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from heuer.model import Article, ArticleLink, RemovedLine, SharedSpan
from heuer.store import Store, default_db_url
from heuer.store.db import ArticleWrite
from heuer.store.migrations import LATEST


def _write(store: Store, aid: str, body: str, links=()) -> None:
    art = Article(
        id=aid,
        origin=f"{aid}.txt",
        text=body,
        outlet="example.org",
        removed=[RemovedLine(index=0, text="Share this", reason="promo")],
    )
    store.write_article(
        ArticleWrite(
            article=art,
            raw_sha=aid * 4,
            signature=b"\0" * 16,
            fingerprints=[(1, 0), (2, 3)],
            line_hashes=["h1", "h2"],
            links=list(links),
        )
    )


def test_default_url_honours_flag_then_env(monkeypatch, tmp_path):
    monkeypatch.delenv("HEUER_DB", raising=False)
    assert default_db_url() == "sqlite:///heuer.db"
    monkeypatch.setenv("HEUER_DB", str(tmp_path / "env.db"))
    assert default_db_url().endswith("env.db")
    assert default_db_url("other.db") == "sqlite:///other.db"
    assert default_db_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_migrations_run_once_and_wal_is_on(db_path):
    Store(db_path).close()
    Store(db_path).close()
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from heuer_migrations").fetchone()[0] == LATEST
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    # room for the later stages' records of DESIGN.md
    assert {
        "articles",
        "removed_lines",
        "attributions",
        "claims",
        "clusters",
        "questions",
        "evidence",
        "assessments",
        "source_grades",
        "actors",
    } <= tables


def test_newer_schema_is_refused(db_path):
    Store(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("insert into heuer_migrations values (999, 'future', '2100-01-01')")
    con.commit()
    with pytest.raises(RuntimeError, match="newer than this heuer"):
        Store(db_path)


def test_article_round_trip_and_links(db_path):
    with Store(db_path) as st:
        _write(st, "a" * 16, "First text.")
        link = ArticleLink(
            kind="retelling",
            a="b" * 16,
            b="a" * 16,
            similarity=0.5,
            spans=[SharedSpan(a_start=0, a_end=5, b_start=1, b_end=6, words=12)],
        )
        _write(st, "b" * 16, "Second text.", links=[link])
        got = st.article("a" * 16)
        assert got.text == "First text." and got.removed[0].reason == "promo"
        assert [a.id for a in st.articles()] == ["a" * 16, "b" * 16]
        assert st.resolve_id("2") == "b" * 16 and st.resolve_id("aaa") == "a" * 16
        links = st.links("a" * 16)
        assert links == [link]
        assert st.fingerprint_hits([1, 2, 3], exclude="a" * 16) == {"b" * 16: 2}
        assert st.outlet_line_counts("example.org", ["h1", "zz"]) == {"h1": 2}
        assert st.integrity_problems() == []


def test_failed_write_leaves_nothing(db_path):
    with Store(db_path) as st:
        _write(st, "a" * 16, "First text.")
        with pytest.raises(Exception):  # noqa: B017 - the id clash is the point
            _write(st, "a" * 16, "Same id again.")
        with st.engine.connect() as conn:
            assert conn.execute(text("select count(*) from removed_lines")).scalar() == 1
            assert conn.execute(text("select count(*) from sightings")).scalar() == 1


def test_migration_2_adds_columns_to_an_older_database(db_path):
    Store(db_path).close()
    con = sqlite3.connect(db_path)
    for table, column in (
        ("claims", "voice"),
        ("claims", "negation"),
        ("claims", "p"),
        ("attributions", "source_text"),
    ):
        con.execute(f"alter table {table} drop column {column}")
    con.execute("drop table extractions")
    con.execute("drop table actor_mentions")
    con.execute("delete from heuer_migrations where version = 2")
    con.commit()
    con.close()
    with Store(db_path) as st:
        assert st.schema_version() == LATEST
    con = sqlite3.connect(db_path)
    cols = {r[1] for r in con.execute("pragma table_info(claims)")}
    assert {"voice", "negation", "p"} <= cols
    assert con.execute("select count(*) from extractions").fetchone()[0] == 0
