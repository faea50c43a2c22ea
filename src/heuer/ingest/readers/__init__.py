"""Readers turn each input a user names into raw documents, or into one-line errors.

Dispatch is by what the input is (URL, folder, file by extension, then by sniffing the content), so a user
can mix kinds in one ``heuer ingest`` call. Every reader yields ``RawDocument`` or ``InputError`` items and
never raises for a bad input, so one bad file, line or feed entry never stops the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import feed, jsonl, local, url, warc
from heuer.model import RawDocument

Item = RawDocument | InputError


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def read_inputs(inputs: Iterable[str], opts: ReadOptions | None = None) -> Iterator[Item]:
    """Yield documents and errors for every input, in the order given (folders sorted by path)."""
    opts = opts or ReadOptions()
    for name in inputs:
        if is_url(name):
            yield from url.read_url(name, opts)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p, opts) is not None)
            if not files:
                yield InputError(name, "folder has no files of a known kind")
            for file in files:
                yield from read_file(file, opts)
        elif path.is_file():
            yield from read_file(path, opts, explicit=True)
        elif "://" in name:
            yield InputError(name, "unsupported URL scheme (only http and https)")
        else:
            yield InputError(name, "no such file or folder")


def expand_inputs(inputs: Iterable[str], opts: ReadOptions | None = None) -> list[str]:
    """Inputs as units of work (folders become their files), so progress can count them up front.

    Names that are not readable stay as they are, so that reading them gives the usual error line.
    """
    opts = opts or ReadOptions()
    units: list[str] = []
    for name in inputs:
        path = Path(name)
        if not is_url(name) and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p, opts) is not None)
            units.extend(str(f) for f in files) if files else units.append(name)
        else:
            units.append(name)
    return units


def kind_of(path: Path, opts: ReadOptions) -> str | None:
    """The reader a file name asks for, or None when the name says nothing we read."""
    name = path.name.lower()
    for kind, exts in (
        ("warc", opts.warc_extensions),
        ("jsonl", opts.jsonl_extensions),
        ("html", opts.html_extensions),
        ("feed", opts.feed_extensions),
        ("text", opts.text_extensions),
    ):
        if name.endswith(exts):
            return kind
    return None


def read_file(path: Path, opts: ReadOptions, explicit: bool = False) -> Iterator[Item]:
    """Read one file by its kind; a file named explicitly with an unknown extension is sniffed."""
    kind = kind_of(path, opts) or ("sniff" if explicit else None)
    if kind == "warc":
        yield from warc.read_warc(path, opts)
    elif kind == "jsonl":
        yield from jsonl.read_jsonl(path, opts)
    elif kind == "feed":
        yield from feed.read_feed_file(path, opts)
    elif kind in ("html", "text", "sniff"):
        yield from local.read_document_file(path, opts, kind)


__all__ = ["Item", "expand_inputs", "is_url", "kind_of", "read_file", "read_inputs"]
