from __future__ import annotations

from heuer.ingest.clean import clean_text, line_hash, tidy_line

BODY = [
    "The port authority said on Friday that night shipping would resume after the repairs were finished.",
    "Dock workers, who had been idle for a week, welcomed the decision but asked for safety checks first.",
    "A spokesman declined to say when the repairs had started or how much they had cost the city.",
]


def test_leading_headline_becomes_the_title():
    raw = "Night shipping to resume at the port\n\n" + "\n\n".join(BODY)
    c = clean_text(raw, use_classifier=False)
    assert c.title == "Night shipping to resume at the port"
    assert c.removed[0].index == 0 and "title" in c.removed[0].reason
    assert c.text.split("\n\n") == BODY


def test_first_sentence_is_not_mistaken_for_a_headline():
    c = clean_text("\n\n".join(BODY), use_classifier=False)
    assert c.title is None and c.removed == [] and c.text.split("\n\n") == BODY


def test_known_title_repeated_at_top_is_removed():
    c = clean_text("Port reopens\n" + "\n".join(BODY), title="Port reopens", use_classifier=False)
    assert c.title == "Port reopens" and c.removed[0].reason.startswith("title repeated")


def test_lines_repeated_across_the_outlet_are_removed_with_count():
    footer = "Get our morning briefing in your inbox"
    raw = "\n".join(BODY + [footer])
    c = clean_text(raw, outlet_counts={line_hash(footer): 4}, use_classifier=False)
    assert [r.text for r in c.removed] == [footer]
    assert c.removed[0].index == 3 and "4 other articles" in c.removed[0].reason


def test_long_repeated_paragraphs_are_kept():
    background = " ".join(BODY[:2])
    c = clean_text(
        background + "\n" + BODY[2], outlet_counts={line_hash(background): 3}, use_classifier=False
    )
    assert c.removed == []


def test_spaces_are_tidied():
    assert tidy_line("  US\u00a0and\u2009allies  said ") == "US and allies said"
