"""Bytes to text, refusing what is not text.

Encoding is detected before decoding (charset-normalizer) because news archives mix UTF-8, Windows-1252
and legacy national encodings, and a wrong guess silently corrupts every quote mark an attribution
depends on.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from charset_normalizer import from_bytes

from heuer.ingest.errors import InputError
from heuer.ingest.options import MB, cap_text

_SNIFF = 8192


def read_capped(path: Path, origin: str, max_bytes: int) -> bytes:
    """Read a file (gunzipping ``.gz``), refusing it when it is over the cap, without reading it all."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(origin, f"cannot read file ({exc.strerror or exc})") from exc
    if size == 0:
        raise InputError(origin, "empty file")
    if size > max_bytes:
        raise InputError(origin, f"file is {size / MB:.1f} MB, over the {cap_text(max_bytes)} cap")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(origin, f"cannot read file ({exc.strerror or exc})") from exc
    if path.name.endswith(".gz"):
        data = gunzip_capped(data, origin, max_bytes)
    return data


def gunzip_capped(data: bytes, origin: str, max_bytes: int) -> bytes:
    """Decompress gzip data with the same cap on the output, so a small bomb cannot fill memory."""
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(origin, f"not valid gzip data ({exc})") from exc
    if len(out) > max_bytes:
        raise InputError(origin, f"decompresses to over the {cap_text(max_bytes)} cap")
    if not decomp.eof:
        raise InputError(origin, "truncated gzip data")
    return out


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters near the start mean an image, archive or executable."""
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(4, len(head) // 50)


def decode_bytes(data: bytes, origin: str, declared: str | None = None) -> str:
    """Decode text bytes: a declared charset if it works, UTF-8 if it works, else the detected encoding."""
    if not data.strip():
        raise InputError(origin, "empty input")
    if looks_binary(data):
        raise InputError(origin, "binary data, not text")
    for enc in filter(None, (declared, "utf-8-sig")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "cannot detect the text encoding")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(origin, f"undecodable bytes in detected encoding {best.encoding}") from exc
    if _replacement_ratio(text) > 0.01:
        raise InputError(origin, "undecodable bytes: too many characters could not be decoded")
    return text


def _replacement_ratio(text: str) -> float:
    return text.count("\ufffd") / max(1, len(text))


def maybe_gunzip(data: bytes, origin: str, max_bytes: int) -> bytes:
    """Gunzip payloads that carry the gzip magic number, whatever their name says."""
    if data[:2] == b"\x1f\x8b":
        return gunzip_capped(data, origin, max_bytes)
    return data


__all__ = ["decode_bytes", "gunzip_capped", "looks_binary", "maybe_gunzip", "read_capped"]
