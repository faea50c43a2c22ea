from __future__ import annotations

import gzip

import pytest

from heuer.ingest.decode import decode_bytes, gunzip_capped, looks_binary, read_capped
from heuer.ingest.errors import InputError
from heuer.ingest.options import MB


def test_windows_1252_is_detected_not_mangled():
    text = "The minister\u2019s \u201cfinal\u201d offer was rejected, caf\u00e9 owners said. " * 5
    assert decode_bytes(text.encode("cp1252"), "x.txt") == text


def test_utf8_with_bom():
    assert decode_bytes("Hello there, world.".encode("utf-8-sig"), "x") == "Hello there, world."


def test_binary_and_empty_are_refused():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ", "blank.txt")
    assert looks_binary(bytes(range(256)))


def test_size_cap_checked_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(2 * MB + 1)
    with pytest.raises(InputError, match="over the 2 MB cap"):
        read_capped(big, str(big), 2 * MB)


def test_gzip_bomb_is_capped():
    bomb = gzip.compress(b"a" * 5_000_000)
    with pytest.raises(InputError, match="cap"):
        gunzip_capped(bomb, "bomb.gz", 1_000_000)
    with pytest.raises(InputError, match="truncated"):
        gunzip_capped(gzip.compress(b"hello " * 1000)[:-12], "cut.gz", 1_000_000)
