"""WARC archives (plain or per-record gzip), as written by news crawlers and web archives.

An archive is streamed record by record, so its size is not capped, only each record's. Crawls are often
cut off mid-write, and warcio reads a cut-off archive without complaint (the last record simply comes out
short), so each record is checked for completeness before its page is passed on: a damaged archive gives
every page before the damage, then one error saying where it stopped.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from heuer.ingest.decode import decode_bytes
from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers.local import meta_charset
from heuer.ingest.readers.url import HTML_TYPES, cap_text, parse_content_type
from heuer.model import RawDocument

_TAIL_SNIFF = 65536


class _Damage(Exception):
    """The archive cannot be read past this point."""


def read_warc(path: Path, opts: ReadOptions) -> Iterator[RawDocument | InputError]:
    origin = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(origin, f"cannot read file ({exc.strerror or exc})")
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            yield InputError(origin, "empty file")
            return
        if not _starts_like_an_archive(fh):
            yield InputError(origin, "not a WARC or ARC archive")
            return
        yield from _read_records(fh, size, origin, opts)


def _starts_like_an_archive(fh: IO[bytes]) -> bool:
    """A WARC starts with its version line, an ARC with its file header, gzipped or not."""
    head = fh.read(4096)
    fh.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def _read_records(
    fh: IO[bytes], size: int, origin: str, opts: ReadOptions
) -> Iterator[RawDocument | InputError]:
    records = items = end = 0
    try:
        it = ArchiveIterator(fh, arc2warc=True)
        while True:
            # warcio raises assorted exception types on damaged input and prints warnings to stderr;
            # both become the one error line below.
            try:
                with _quiet():
                    record = next(it, None)
                    if record is None:
                        break
                    warnings = it.err_count
                    item = _read_record(record, origin, opts)
                    end = it.get_record_offset() + it.get_record_length()
            except Exception as exc:
                raise _Damage(_describe(exc)) from exc
            if record.format == "warc" and not record.rec_headers.get_header("Content-Length"):
                raise _Damage(f"record {_name(record)} has no Content-Length")
            # warcio's record reader counts down the bytes of the block still unread.
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise _Damage(f"record {_name(record)} is cut short")
            if it.err_count > warnings:
                raise _Damage(f"record {_name(record)} not followed by a blank line (bad Content-Length?)")
            records += 1
            if item is not None:
                items += 1
                yield item
        fh.seek(end)
        if fh.read(min(_TAIL_SNIFF, size - end)).strip():
            raise _Damage(f"incomplete record at offset {end}")
    except _Damage as damage:
        yield InputError(origin, f"truncated or malformed WARC after {_records(records)} ({damage})")
        return
    if items == 0:
        yield InputError(origin, f"no HTML pages with status 200 among {_records(records)}")


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def _read_record(record: Any, origin: str, opts: ReadOptions) -> RawDocument | InputError | None:
    """The record's page, an error about it, or None for records that are not pages (requests, images)."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    ctype, charset = parse_content_type(record.http_headers.get_header("Content-Type") or "")
    if ctype not in HTML_TYPES:
        return None
    target = record.rec_headers.get_header("WARC-Target-URI")
    name = f"{origin}#{target or _name(record)}"
    over = InputError(name, f"record over the {cap_text(opts.max_bytes)} cap, skipped")
    length = record.rec_headers.get_header("Content-Length") or ""
    if length.isdigit() and int(length) > opts.max_bytes:
        return over
    try:
        data = record.content_stream().read(opts.max_bytes + 1)
    except Exception as exc:  # a bad chunked or gzip body spoils this record only
        return InputError(name, f"cannot read the record's body ({_describe(exc)})")
    if len(data) > opts.max_bytes:
        return over
    try:
        text = decode_bytes(data, name, declared=charset or meta_charset(data))
    except InputError as err:
        return err
    return RawDocument(
        origin=name,
        html=text,
        url=target,
        fetched=_parse_date(record.rec_headers.get_header("WARC-Date")),
        source_kind="warc",
    )


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _name(record: Any) -> str:
    headers = record.rec_headers
    return headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or "(unnamed)"


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:100]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with contextlib.redirect_stderr(io.StringIO()):
        yield


__all__ = ["read_warc"]
