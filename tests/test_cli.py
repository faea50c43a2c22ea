"""The CLI as a user runs it: a real process, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import article_text


def heuer(*args: str, db: str | None = None, check: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    if db:
        env["HEUER_DB"] = db
    proc = subprocess.run(
        [sys.executable, "-m", "heuer.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_version_and_help():
    assert heuer("--version", check=True).stdout.startswith("heuer ")
    top = heuer("--help", check=True).stdout
    for cmd in ("ingest", "articles", "show", "demo"):
        assert cmd in top
        assert "Usage" in heuer(cmd, "--help", check=True).stdout


def test_ingest_list_show_round_trip(tmp_path, db_path):
    f = tmp_path / "story.txt"
    f.write_text(
        "Council approves the harbour budget\n\n" + article_text(5) + "\nSubscribe to our newsletter\n",
        encoding="utf-8",
    )
    res = heuer("ingest", str(f), "--outlet", "Example Daily", "--json", db=db_path, check=True)
    data = json.loads(res.stdout)
    assert data["summary"] == {"stored": 1, "duplicate": 0, "error": 0}
    aid = data["outcomes"][0]["article_id"]

    listing = json.loads(heuer("articles", "--json", db=db_path, check=True).stdout)
    assert [a["id"] for a in listing] == [aid] and listing[0]["outlet"] == "Example Daily"
    assert "Council approves" in heuer("articles", db=db_path, check=True).stdout

    shown = json.loads(heuer("show", aid[:6], "--removed", "--json", db=db_path, check=True).stdout)
    assert shown["title"] == "Council approves the harbour budget"
    assert any(r["text"] == "Subscribe to our newsletter" and r["reason"] for r in shown["removed"])
    human = heuer("show", "1", "--removed", db=db_path, check=True).stdout
    assert "Subscribe to our newsletter" in human and "lines removed" in human


def test_bad_input_gets_one_line_and_exit_code_2(tmp_path, db_path):
    good = tmp_path / "good.txt"
    good.write_text(article_text(6), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    res = heuer("ingest", str(good), str(empty), str(tmp_path / "missing.txt"), db=db_path)
    assert res.returncode == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {empty}: empty file",
        f"error: {tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert "1 stored" in res.stdout
    assert "Traceback" not in res.stderr


def test_show_unknown_article(db_path):
    res = heuer("show", "ffff", db=db_path)
    assert res.returncode == 2 and "no such article" in res.stderr


@pytest.mark.slow
def test_demo_runs_offline_and_shows_the_cleaning():
    res = heuer("demo", check=True)
    assert res.stdout.count("stored") >= 2
    assert "lines removed" in res.stdout and "reason" in res.stdout
