from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from heuer.model import Assessment
from heuer.report import FORMATS, ReportInput, render, render_markdown, write_report
from heuer.report.html import highlight
from heuer.report.view import Highlight
from tests.report import BLOG, report_input

VOID = {"meta", "img", "br", "hr", "input", "link", "wbr", "source", "col", "area", "base", "embed"}


class _Tags(HTMLParser):
    """Collects attributes and checks that every element is closed in the order it was opened."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def parse(text: str) -> _Tags:
    p = _Tags()
    p.feed(text)
    p.close()
    return p


@pytest.fixture
def inp() -> ReportInput:
    return report_input()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_call(inp, fmt):
    text = render(inp, fmt)
    assert "likely" in text and "58" in text


def test_unknown_format_is_refused(inp, tmp_path):
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render(inp, "pdf")
    with pytest.raises(ValueError):
        write_report(inp, "pdf", tmp_path / "r.pdf")
    assert not list(tmp_path.iterdir())


# --- JSON ---------------------------------------------------------------------------------------------


def test_json_round_trips_to_the_assessment_and_carries_sources(inp):
    data = json.loads(render(inp, "json"))
    assert data.pop("report_version")
    assert data.pop("sources") == inp.sources
    assert Assessment.model_validate(data) == inp.assessment


def test_json_is_byte_stable_with_sorted_keys(inp):
    first = render(inp, "json")
    assert render(report_input(), "json") == first
    assert first == json.dumps(json.loads(first), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# --- Markdown -----------------------------------------------------------------------------------------


def test_markdown_has_the_call_then_confidence_apart_and_the_tables(inp):
    md = render(inp, "md")
    a = inp.assessment
    call = md.index(a.summary)
    conf = md.index(a.confidence_statement)
    assert call < conf
    summary_line = next(line for line in md.splitlines() if a.summary in line)
    assert "confidence" not in summary_line.lower()
    assert "\n\n" in md[call:conf]  # separate paragraphs
    assert "| **E1** | The two sides are close to a deal on overtime pay | C | N | I |" in md
    assert "| Dockworkers' union | E3 | [#3](#claim-3) | +0.42 |" in md
    assert "| pending | 2025-04-24 | court records |" in md
    assert "| Harbour Gazette | media | harbour-gazette | 2 | **F** reliability cannot be judged |" in md
    assert f"```text\n{a.formula}\n```" in md
    assert "Left out: 2 published after as\\_of; 1 non-English." in md
    assert md.count("data:image/png;base64,") == 3  # no path given: charts embedded


def test_markdown_quotes_every_claim_with_article_and_offsets(inp):
    md = render(inp, "md")
    for ev in inp.assessment.evidence:
        for c in ev.claims:
            assert f'<a id="claim-{c.claim_id}"></a>' in md
            assert f"characters {c.sentence[0]}\u2013{c.sentence[1]}" in md
    assert "Union negotiator Mara Lindqvist said the two sides were" in md
    assert "*Why the strike will drag on*, Quayside blog, undated" in md


def test_markdown_report_writes_chart_files_it_links(inp, tmp_path):
    path = tmp_path / "out" / "report.md"
    md = write_report(inp, "md", path)
    assert path.read_text(encoding="utf-8") == md
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(links) == 3
    for link in links:
        assert not link.startswith("data:")
        assert (path.parent / link).read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.md", "report_files"]


def test_markdown_escapes_table_breakers_and_markup(inp, tmp_path):
    inp.assessment.evidence[0].text = "Pay | overtime <script>alert(1)</script> *now*"
    md = render_markdown(inp, tmp_path / "assets")
    row = next(line for line in md.splitlines() if line.startswith("| **E1**"))
    assert "Pay \\| overtime \\<script\\>alert(1)\\</script\\> \\*now\\*" in row
    assert row.count(" | ") == row.count("|") - row.count("\\|") - 2  # cells intact


# --- HTML ---------------------------------------------------------------------------------------------


def test_html_is_self_contained(inp):
    page = render(inp, "html")
    tags = parse(page)
    article_urls = {a.url for a in inp.articles.values() if a.url}
    assert "script" not in tags.tags and "link" not in tags.tags and "iframe" not in tags.tags
    for tag, name, value in tags.attrs:
        if name == "src":
            assert value.startswith("data:image/png;base64,"), (tag, value[:40])
        if name == "href":
            assert value.startswith("#") or value in article_urls, (tag, value)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "@import" not in style and "url(" not in style
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 3


def test_html_is_well_formed_and_stable(inp):
    page = render(inp, "html")
    tags = parse(page)
    assert not tags.errors and tags.stack == []
    assert render(report_input(), "html") == page


def test_html_escapes_markup_in_article_text_and_records(inp):
    prefix = "<script>alert('x')</script> <img src=x onerror=alert(2)> "
    blog = inp.articles["a-blog"]
    blog.text = prefix + BLOG
    claim = inp.assessment.evidence[4].claims[0]
    claim.sentence = (claim.sentence[0] + len(prefix), claim.sentence[1] + len(prefix))
    inp.assessment.evidence[1].text = "Talks <b>collapse</b>"
    inp.sources[0]["reason"] = '"><script>alert(3)</script>'
    page = render(inp, "html")
    assert (
        "<script" not in page
        and "<b>collapse" not in page
        and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    )
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Talks &lt;b&gt;collapse&lt;/b&gt;" in page
    assert not parse(page).errors
    mark = re.search(r'<mark id="c-5"[^>]*>(.*?)</mark>', page, re.S)
    assert html.unescape(mark.group(1)) == blog.text[claim.sentence[0] : claim.sentence[1]]


def test_html_marks_each_evidence_sentence_and_links_to_it(inp):
    page = render(inp, "html")
    for ev in inp.assessment.evidence:
        for c in ev.claims:
            text = inp.articles[c.article_id].text
            mark = re.search(rf'<mark id="c-{c.claim_id}"[^>]*>(.*?)</mark>', page, re.S)
            assert mark, c.claim_id
            assert html.unescape(mark.group(1)) == text[c.sentence[0] : c.sentence[1]]
            assert f'href="#c-{c.claim_id}"' in page
    assert re.search(r'<mark id="c-1" class="contradicts"', page)
    assert re.search(r'<mark id="c-3" class="supports"', page)
    assert re.search(r'<mark id="c-6" class="indicator"', page)  # the indicator's sentence too


def test_html_keeps_likelihood_and_confidence_in_separate_sentences(inp):
    page = render(inp, "html")
    summary = re.search(r'<p class="summary" id="summary">(.*?)</p>', page, re.S).group(1)
    confidence = re.search(r'<p class="confidence-statement"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert html.unescape(summary).strip() == inp.assessment.summary
    assert "confidence" not in summary.lower()
    assert "likely" not in confidence.lower() and "%" not in confidence
    for cls in ("figure number", "figure word", "figure confidence"):
        assert f'class="{cls}' in page


def test_html_does_not_link_claims_it_cannot_show(inp):
    del inp.articles["a-blog"]
    inp.articles["a-times"].url = "javascript:alert(1)"
    page = render(inp, "html")
    assert 'href="#c-5"' not in page and 'id="c-5"' not in page
    assert '<span class="claim-link unlinked"' in page
    assert "Shipping agents told this blog" in page  # the stored sentence still shows
    assert 'href="javascript:' not in page
    assert "The text of this article was not supplied" in page


def test_highlight_splits_overlapping_sentences_without_crossing_tags():
    text = "Alpha beta gamma. Delta <epsilon> zeta."
    marks = [
        Highlight(0, 17, 1, "supports", "one"),
        Highlight(6, 30, 2, "contradicts", "two"),
        Highlight(6, 30, 3, "contradicts", "three"),
        Highlight(18, 39, 4, "neutral", "four"),
        Highlight(50, 60, 5, "neutral", "out of range"),
    ]
    out = str(highlight(text, marks))
    tags = parse(out)
    assert not tags.errors and tags.stack == []
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    for claim in (1, 2, 3, 4):
        assert out.count(f'id="c-{claim}"') == 1
    assert 'id="c-5"' not in out
    assert re.search(r'<mark id="c-2" class="mixed" data-claims="1 2 3"[^>]*>beta gamma\.</mark>', out)
    assert '<span class="anchor" id="c-3"></span>' in out
    assert "&lt;epsil" in out and "<epsil" not in out


def test_write_report_replaces_the_file_whole_and_leaves_no_temporaries(inp, tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")
    text = write_report(inp, "html", path)
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert write_report(inp, "json", None) == render(inp, "json")


def test_html_shows_every_article_a_link_points_into(inp):
    inp.assessment.articles.remove("a-blog")
    page = render(inp, "html")
    assert 'href="#c-5"' in page and '<mark id="c-5"' in page
