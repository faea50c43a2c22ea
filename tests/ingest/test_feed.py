"""RSS and Atom feeds: full-content entries taken as they are, teaser entries fetched by their link."""

from __future__ import annotations

from heuer.ingest.errors import InputError
from heuer.ingest.options import ReadOptions
from heuer.ingest.readers import read_inputs
from heuer.ingest.readers.feed import FULL_TEXT_MIN_CHARS, looks_like_feed, read_feed_file
from heuer.ingest.readers.url import read_url
from heuer.model import RawDocument

OPTS = ReadOptions(allow_private=True, timeout=1.0)

LONG = "<p>" + " ".join(["The ministry said the talks would resume on Monday in Geneva."] * 10) + "</p>"
assert len(LONG) > FULL_TEXT_MIN_CHARS


def page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><p>{title}: full article.</p></body></html>"


def rss(items: str, title: str = "Example Wire") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>{title}</title><link>https://wire.example/</link><description>News</description>
{items}
</channel></rss>"""


def rss_item(title: str, link: str, summary: str = "Short teaser.", content: str | None = None) -> str:
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return f"""<item><title>{title}</title><link>{link}</link><dc:creator>A. Writer</dc:creator>
<pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate><description>{summary}</description>{encoded}</item>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Desk</title><id>urn:desk</id><updated>2024-05-07T10:00:00Z</updated>
  <entry><title>Full entry</title><id>urn:1</id><link href="/atom/full"/>
    <updated>2024-05-07T10:00:00Z</updated><author><name>B. Reporter</name></author>
    <content type="html">{long}</content></entry>
  <entry><title>Linked entry</title><id>urn:2</id><link href="/atom/linked"/>
    <updated>2024-05-06T08:00:00Z</updated><summary>Only a teaser.</summary></entry>
</feed>"""


def docs_and_errors(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def test_rss_full_content_fetched_links_and_dead_links(site):
    site.add("/story-2", page("Second story"))
    site.redirect("/track/2", "/story-2")
    items = (
        rss_item("First story", site.url("/story-1"), content=LONG)
        + rss_item("Second story", site.url("/track/2"))
        + rss_item("Third story", site.url("/gone"))
    )
    feed_url = site.add("/rss.xml", rss(items), content_type="application/rss+xml")

    docs, errors = docs_and_errors(read_url(feed_url, OPTS))

    first, second = docs
    assert first.html == LONG and first.source_kind == "feed"
    assert first.url == site.url("/story-1") and first.origin == f"{feed_url}#{site.url('/story-1')}"
    assert (first.title, first.author, first.outlet) == ("First story", "A. Writer", "Example Wire")
    assert first.published == "Tue, 07 May 2024 09:30:00 GMT"
    assert first.fetched is not None
    # The teaser entry is replaced by its page; the tracking redirect resolves to the page's own URL.
    assert "Second story: full article." in second.html
    assert second.url == site.url("/story-2") and second.title == "Second story"
    assert second.origin == f"{feed_url}#{site.url('/track/2')}" and second.outlet == "Example Wire"
    (dead,) = errors
    assert str(dead) == f"{feed_url}#{site.url('/gone')}: cannot fetch the entry's page (HTTP 404)"
    assert "/story-1" not in site.hits


def test_atom_relative_links_resolve_against_the_feed_url(site):
    site.add("/atom/linked", page("Linked entry"))
    feed_url = site.add(
        "/feeds/atom",
        ATOM.format(long=LONG.replace("<", "&lt;")),
        content_type="application/atom+xml; charset=utf-8",
    )

    docs, errors = docs_and_errors(read_url(feed_url, OPTS))

    assert errors == []
    full, linked = docs
    assert "talks would resume" in full.html and full.author == "B. Reporter"
    assert full.url == site.url("/atom/full") and full.outlet == "Atom Desk"
    assert full.published == "2024-05-07T10:00:00Z"
    assert "Linked entry: full article." in linked.html and linked.url == site.url("/atom/linked")
    assert site.hits == ["/feeds/atom", "/atom/linked"]


def test_feed_sniffed_from_generic_xml_type(site):
    feed_url = site.add("/feed", rss(rss_item("Only", site.url("/x"), content=LONG)), content_type="text/xml")
    docs, errors = docs_and_errors(read_url(feed_url, OPTS))
    assert len(docs) == 1 and not errors


def test_entry_linking_to_a_feed_is_not_followed(site):
    inner = site.add("/inner.rss", rss(""), content_type="application/rss+xml")
    outer = site.add("/outer.rss", rss(rss_item("Loop", inner)), content_type="application/rss+xml")
    docs, errors = docs_and_errors(read_url(outer, OPTS))
    assert docs == []
    assert [e.problem for e in errors] == [
        "cannot fetch the entry's page (unsupported content type application/rss+xml)"
    ]


def test_xml_that_is_not_a_feed(site):
    url = site.add(
        "/data.xml", '<?xml version="1.0"?><catalog><book id="1"/></catalog>', content_type="application/xml"
    )
    assert [str(e) for e in read_url(url, OPTS)] == [f"{url}: not an RSS or Atom feed"]


def test_feed_file_on_disk(tmp_path, site):
    site.add("/linked", page("Linked"))
    path = tmp_path / "wire.rss"
    path.write_text(
        rss(
            rss_item("On disk", "https://wire.example/a", content=LONG)
            + rss_item("Linked", site.url("/linked"))
        ),
        encoding="utf-8",
    )

    docs, errors = docs_and_errors(read_inputs([str(path)], OPTS))

    assert errors == []
    assert [d.origin for d in docs] == [f"{path}#https://wire.example/a", f"{path}#{site.url('/linked')}"]
    assert docs[0].html == LONG and docs[0].fetched is None
    assert "Linked: full article." in docs[1].html


def test_not_a_feed_file_and_empty_feed(tmp_path):
    other = tmp_path / "sitemap.xml"
    other.write_text('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>')
    empty = tmp_path / "empty.rss"
    empty.write_text(rss(""))
    assert [str(e) for e in read_feed_file(other, OPTS)] == [f"{other}: not an RSS or Atom feed"]
    assert [str(e) for e in read_feed_file(empty, OPTS)] == [f"{empty}: feed has no entries"]


def test_short_entry_without_link_is_kept_as_it_is(tmp_path):
    path = tmp_path / "bulletins.xml"
    path.write_text(rss("<item><title>Flash</title><description>Quake hits the coast.</description></item>"))
    (doc,) = read_feed_file(path, OPTS)
    assert doc.html == "Quake hits the coast." and doc.origin == f"{path}#1" and doc.url is None


def test_looks_like_feed():
    assert looks_like_feed(
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x --><rss version="2.0"><channel/></rss>'
    )
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    assert looks_like_feed(
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    )
    assert not looks_like_feed(b"<!doctype html><html><body>rss feed</body></html>")
    assert not looks_like_feed(b'<?xml version="1.0"?><feedback/>')
    assert not looks_like_feed(b"plain text about an rss feed")
