"""WARC archives built here with warcio, whole and cut short."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import read_inputs
from heuer.ingest.readers.warc import read_warc
from heuer.model import RawDocument

OPTS = ReadOptions()
DATE = "2024-05-07T09:30:00Z"


def html(title: str, size: int = 0) -> bytes:
    filler = "<p>" + "More reporting. " * (size // 16) + "</p>" if size else ""
    return f"<html><head><title>{title}</title></head><body><p>{title}</p>{filler}</body></html>".encode()


# (target URI, HTTP status line, content type, body); a None status line writes a request record.
RECORDS = [
    ("https://news.example/one", "200 OK", "text/html; charset=utf-8", html("One")),
    ("https://news.example/one", None, None, b""),
    ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("https://news.example/missing", "404 Not Found", "text/html", html("Not found")),
    (
        "https://news.example/caf",
        "200 OK",
        "text/html; charset=ISO-8859-1",
        "Caf\u00e9 talks".encode("latin-1"),
    ),
    ("https://news.example/long", "200 OK", "text/html", html("Long", size=6000)),
]


def write_warc(path: Path, records=RECORDS, gzip: bool = True) -> list[int]:
    """Write the records; return the offset where each one starts, then the end of the file."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for uri, status, ctype, body in records:
            if status is None:
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
                rec_type = "request"
            else:
                headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec_type = "response"
            record = writer.create_warc_record(
                uri,
                rec_type,
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": DATE},
            )
            offsets.append(fh.tell())
            writer.write_record(record)
        offsets.append(fh.tell())
    return offsets


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_with_status_200_only(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, gzip=gzip)

    docs, errors = split(read_warc(path, OPTS))

    assert errors == []
    assert [d.url for d in docs] == [
        "https://news.example/one",
        "https://news.example/caf",
        "https://news.example/long",
    ]
    one, caf, _ = docs
    assert one.origin == f"{path}#https://news.example/one" and one.source_kind == "warc"
    assert "<title>One</title>" in one.html
    assert one.fetched == datetime(2024, 5, 7, 9, 30, tzinfo=UTC)
    assert caf.html == "Caf\u00e9 talks"


def test_through_the_dispatcher(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    docs, errors = split(read_inputs([str(path)]))
    assert len(docs) == 3 and errors == []


def test_record_over_the_cap_is_skipped_and_named(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    docs, errors = split(read_warc(path, ReadOptions(max_bytes=2000)))
    assert [d.url for d in docs] == ["https://news.example/one", "https://news.example/caf"]
    assert [str(e) for e in errors] == [
        f"{path}#https://news.example/long: record over the 2,000 bytes cap, skipped"
    ]


def test_archive_larger_than_the_file_cap_is_still_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    assert path.stat().st_size > 1500
    docs, errors = split(read_warc(path, ReadOptions(max_bytes=1500)))
    assert len(docs) == 2 and len(errors) == 1


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("where", ["inside the last record", "inside its headers"])
def test_truncated_archive_gives_the_records_before_the_damage(tmp_path, gzip, where):
    whole = tmp_path / "whole.warc"
    offsets = write_warc(whole, gzip=gzip)
    last_start, end = offsets[-2], offsets[-1]
    cut = (last_start + end) // 2 if where == "inside the last record" else last_start + 40
    cut_path = tmp_path / "cut.warc"
    cut_path.write_bytes(whole.read_bytes()[:cut])

    docs, errors = split(read_warc(cut_path, OPTS))

    assert [d.url for d in docs] == ["https://news.example/one", "https://news.example/caf"]
    (error,) = errors
    assert str(error).startswith(f"{cut_path}: truncated or malformed WARC after 5 records (")
    assert "\n" not in str(error)


def test_garbage_between_records(tmp_path):
    path = tmp_path / "bad.warc.gz"
    offsets = write_warc(path)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1]] + b"this is not gzip" + data[offsets[1] :])
    docs, errors = split(read_warc(path, OPTS))
    assert [d.url for d in docs] == ["https://news.example/one"]
    (error,) = errors
    assert str(error).startswith(f"{path}: truncated or malformed WARC after 1 record (")


def test_not_an_archive_and_no_pages(tmp_path):
    text = tmp_path / "notes.warc"
    text.write_text("These are notes, not an archive.\n" * 5)
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    images = tmp_path / "images.warc.gz"
    write_warc(images, records=[RECORDS[2], RECORDS[3]])

    assert [e.problem for e in read_warc(text, OPTS)] == ["not a WARC or ARC archive"]
    assert [e.problem for e in read_warc(empty, OPTS)] == ["empty file"]
    assert [e.problem for e in read_warc(images, OPTS)] == ["no HTML pages with status 200 among 2 records"]
