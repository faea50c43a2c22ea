"""Ingest end to end through the public API, on real files and a real SQLite database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from heuer.ingest.options import ReadOptions
from heuer.ingest.pipeline import Overrides
from heuer.store import Store
from heuer.workspace import Workspace
from tests.conftest import article_text

TABLES = (
    "articles",
    "removed_lines",
    "sightings",
    "article_links",
    "shared_spans",
    "minhashes",
    "fingerprints",
    "outlet_lines",
)


def counts(db: str) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def ingest(db: str, inputs, **kw):
    opts = kw.pop("opts", None)
    with Workspace(db) as ws:
        return list(ws.ingest([str(i) for i in inputs], opts=opts, overrides=Overrides(**kw)))


def test_text_file_is_cleaned_and_stored(tmp_path, db_path):
    f = tmp_path / "story.txt"
    f.write_text(
        "Harbour repairs delay night ferries\n\n"
        + article_text(1)
        + "\nShare this article on Facebook\nSubscribe to our newsletter\n",
        encoding="utf-8",
    )
    [o] = ingest(db_path, [f], outlet="Example Gazette", published="3 March 2021")
    assert o.status == "stored" and o.removed_lines >= 3
    with Workspace(db_path) as ws:
        art = ws.article(o.article_id)
    assert art.title == "Harbour repairs delay night ferries"
    assert art.outlet == "Example Gazette" and art.published == "2021-03-03"
    assert "Subscribe" not in art.text and "Facebook" not in art.text
    assert {r.text for r in art.removed} >= {"Share this article on Facebook", "Subscribe to our newsletter"}
    assert all(r.reason for r in art.removed)
    assert art.language == "en" and not art.non_english


def test_same_input_twice_changes_nothing(tmp_path, db_path):
    f = tmp_path / "a.txt"
    f.write_text(article_text(2), encoding="utf-8")
    ingest(db_path, [f])
    before = counts(db_path)
    [o] = ingest(db_path, [f])
    assert o.status == "duplicate" and counts(db_path) == before


def test_same_text_elsewhere_is_one_article_seen_twice(tmp_path, db_path):
    (tmp_path / "a.txt").write_text(article_text(3), encoding="utf-8")
    (tmp_path / "b.txt").write_text("  " + article_text(3).replace("\n\n", "\n\n\n"), encoding="utf-8")
    a, b = ingest(db_path, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert a.status == "stored" and b.status == "duplicate" and a.article_id == b.article_id
    with Workspace(db_path) as ws:
        assert len(ws.articles()) == 1
        assert [s.origin for s in ws.sightings(a.article_id)] == [
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
        ]


def test_near_duplicate_and_retelling_are_linked_with_spans(tmp_path, db_path):
    base = article_text(10, paragraphs=8)
    (tmp_path / "1.txt").write_text(base, encoding="utf-8")
    (tmp_path / "2.txt").write_text(base.replace("report number 10", "report no. 10", 1), encoding="utf-8")
    passage = base.split("\n\n")[2]
    (tmp_path / "3.txt").write_text(
        article_text(11) + "\n\nAs another outlet put it: " + passage + "\n", encoding="utf-8"
    )
    o1, o2, o3 = ingest(db_path, sorted(tmp_path.glob("*.txt")))
    assert [link.kind for link in o2.links] == ["near_duplicate"] and o2.links[0].b == o1.article_id
    kinds = {(link.kind, link.b) for link in o3.links}
    assert ("retelling", o1.article_id) in kinds and ("retelling", o2.article_id) in kinds
    with Workspace(db_path) as ws:
        a3 = ws.article(o3.article_id)
        a1 = ws.article(o1.article_id)
        link = next(lk for lk in ws.links(o3.article_id) if lk.b == o1.article_id)
    span = max(link.spans, key=lambda s: s.words)
    assert a3.text[span.a_start : span.a_end] == a1.text[span.b_start : span.b_end]
    assert span.words >= 20


def test_outlet_repetition_removes_site_furniture(tmp_path, db_path):
    footer = "Read our coverage every weekday morning"
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(article_text(20 + i) + f"\n{footer}\n", encoding="utf-8")
    outs = ingest(db_path, sorted(tmp_path.glob("*.txt")), outlet="Example Post")
    with Workspace(db_path) as ws:
        last = ws.article(outs[-1].article_id)
    assert footer not in last.text
    assert any(r.text == footer and "other articles of this outlet" in r.reason for r in last.removed)


def test_html_file_metadata_and_main_text(tmp_path, db_path):
    body = "".join(f"<p>{p}</p>" for p in article_text(30).split("\n\n"))
    html = f"""<!DOCTYPE html><html><head><title>Ferry strike ends | Example Times</title>
    <meta property="og:title" content="Ferry strike ends after two weeks">
    <meta property="og:site_name" content="Example Times">
    <meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2021-06-02T08:00:00+00:00">
    </head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Ferry strike ends after two weeks</h1>{body}</article>
    <footer>Copyright 2021 Example Times. All rights reserved.</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    [o] = ingest(db_path, [f])
    assert o.status == "stored", o.message
    with Workspace(db_path) as ws:
        art = ws.article(o.article_id)
    assert art.title == "Ferry strike ends after two weeks"
    assert art.outlet == "Example Times" and art.author == "Jane Roe"
    assert art.published == "2021-06-02"
    assert "Copyright" not in art.text and "Home" not in art.text
    assert "report number 30" in art.text


def test_jsonl_fields_and_bad_line(tmp_path, db_path):
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {
                "text": article_text(40),
                "title": "First",
                "outlet": "Wire A",
                "published": "2020-01-05",
                "url": "https://a.example.com/1",
                "author": "A. Writer",
            }
        ),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps(
            {
                "html": "<html><body><article>"
                + "".join(f"<p>{p}</p>" for p in article_text(41).split("\n\n"))
                + "</article></body></html>",
                "outlet": "Wire B",
            }
        ),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = ingest(db_path, [f])
    assert [o.status for o in outs] == ["stored", "error", "error", "stored"]
    assert outs[1].origin == f"{f}:2" and "malformed JSON" in outs[1].message
    assert outs[2].origin == f"{f}:3"
    with Workspace(db_path) as ws:
        first = ws.article(outs[0].article_id)
    assert (first.title, first.outlet, first.published, first.author) == (
        "First",
        "Wire A",
        "2020-01-05",
        "A. Writer",
    )


def test_missing_date_is_never_invented(tmp_path, db_path):
    f = tmp_path / "a.txt"
    f.write_text(article_text(50), encoding="utf-8")
    [o] = ingest(db_path, [f])
    with Workspace(db_path) as ws:
        assert ws.article(o.article_id).published is None


def test_bad_inputs_fail_alone_and_name_themselves(tmp_path, db_path):
    good = tmp_path / "good.txt"
    good.write_text(article_text(60), encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 400)
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"<html><body><div><<<>>><p></div></sp")
    missing = tmp_path / "nope.txt"
    outs = ingest(db_path, [good, binary, empty, huge, garbled, broken, missing])
    by = {o.origin: o for o in outs}
    assert by[str(good)].status == "stored"
    assert "binary" in by[str(binary)].message
    assert "empty" in by[str(empty)].message
    assert "cap" in by[str(huge)].message
    assert by[str(garbled)].status == "error" and "encoded" in by[str(garbled)].message
    assert by[str(broken)].status == "error" and "HTML" in by[str(broken)].message
    assert "no such file" in by[str(missing)].message
    assert counts(db_path)["articles"] == 1


def test_malformed_html_with_text_is_recovered(tmp_path, db_path):
    paras = article_text(61).split("\n\n")
    f = tmp_path / "unclosed.html"
    f.write_text(
        "<html><head><title>Unclosed tags</title><body><div><article>"
        + "".join(f"<p>{p}" for p in paras)
        + "<div><span></b></i>",
        encoding="utf-8",
    )
    [o] = ingest(db_path, [f])
    assert o.status == "stored"
    with Workspace(db_path) as ws:
        assert ws.article(o.article_id).text.count("report number 61") == len(paras)


def test_non_english_is_stored_and_flagged(tmp_path, db_path):
    f = tmp_path / "de.txt"
    f.write_text(
        "Der Stadtrat hat am Dienstag beschlossen, die neue Brücke erst im nächsten Jahr zu "
        "eröffnen. Die Bauarbeiten hätten sich wegen des Wetters verzögert, sagte eine Sprecherin.\n\n"
        "Anwohner kritisierten die Entscheidung und forderten mehr Informationen über die Kosten.",
        encoding="utf-8",
    )
    [o] = ingest(db_path, [f])
    assert o.status == "stored" and o.non_english and o.language == "de"
    assert "not English" in o.message


def test_interrupted_ingest_leaves_a_consistent_database(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_text(article_text(1000 + i), encoding="utf-8")
    db = str(tmp_path / "kill.db")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "heuer.cli", "ingest", str(folder), "--db", db, "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if Path(db).exists():
            try:
                stored = counts(db)["articles"]
            except sqlite3.Error:
                continue
            if stored >= 5:
                break
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db) as st:
        assert st.integrity_problems() == []
        n = len(st.articles())
    assert n >= 5
    outs = ingest(db, [folder])
    assert sum(o.status == "stored" for o in outs) == 400 - n
    assert counts(db)["articles"] == 400


def test_size_cap_option(tmp_path, db_path):
    f = tmp_path / "a.txt"
    f.write_text(article_text(70), encoding="utf-8")
    [o] = ingest(db_path, [f], opts=ReadOptions(max_bytes=100))
    assert o.status == "error" and "cap" in o.message
