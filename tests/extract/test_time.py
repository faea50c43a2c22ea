"""Time horizons: expressions found in a clause and resolved on a fixed publication date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from heuer.extract.time import FEW, find_horizon, load_horizons, resolve
from heuer.lexicon import LexiconFileError

PUBLISHED = date(2022, 3, 14)  # a Monday


def horizon(nlp, text: str, published: date | None = PUBLISHED, content: str | None = None):
    doc = nlp(text)
    if content is None:
        return find_horizon(doc, published)
    start = text.index(content)
    return find_horizon(doc, published, start, start + len(content))


def window(h) -> tuple[str | None, str | None]:
    return h.date_from, h.date_to


@pytest.mark.parametrize(
    ("text", "expression", "dates"),
    [
        ("The port could reopen in the next few days.", "in the next few days", ("2022-03-14", "2022-03-21")),
        ("The army could soon join the fighting.", "soon", ("2022-03-14", "2022-04-14")),
        ("The council changed the rules last month.", "last month", ("2022-02-01", "2022-02-28")),
        ("No ships have left the harbour to date.", "to date", (None, "2022-03-14")),
        ("So far, the fund has lost money.", "So far", (None, "2022-03-14")),
        ("Some growers are already leaving the valley.", "already", (None, "2022-03-14")),
        ("The talks will end this week.", "this week", ("2022-03-14", "2022-03-20")),
        ("The bridge opened in 2023.", "in 2023", ("2023-01-01", "2023-12-31")),
        ("The law must pass by March.", "by March", ("2022-03-14", "2022-03-31")),
        (
            "The plant will close by the end of the year.",
            "by the end of the year",
            ("2022-03-14", "2022-12-31"),
        ),
        ("A deal could come within hours.", "within hours", ("2022-03-14", "2022-03-15")),
        ("Prices may rise in the coming weeks.", "in the coming weeks", ("2022-03-14", "2022-05-02")),
        ("Sales fell over the past two weeks.", "over the past two weeks", ("2022-02-28", "2022-03-14")),
        ("The port opened last week.", "last week", ("2022-03-07", "2022-03-13")),
        ("Tensions have risen since February.", "since February", ("2022-02-01", "2022-03-14")),
        ("Officials expect a decision later this year.", "later this year", ("2022-03-14", "2022-12-31")),
        ("The firm will report early next year.", "early next year", ("2023-01-01", "2023-03-31")),
        ("The ferry sank on March 1, 2021.", "on March 1, 2021", ("2021-03-01", "2021-03-01")),
    ],
)
def test_horizons_resolve_on_the_publication_date(nlp, text, expression, dates):
    h = horizon(nlp, text)
    assert h is not None, text
    assert h.text == expression
    assert text[h.start : h.end] == expression
    assert window(h) == dates
    assert h.relative is False


def test_as_soon_as_keeps_the_window_it_names(nlp):
    h = horizon(nlp, "The units are ready to cross the river as soon as in the next few days.")
    assert h.text == "as soon as in the next few days"
    assert window(h) == ("2022-03-14", "2022-03-21")


def test_few_means_seven_units():
    assert FEW == 7
    got = resolve("in the next few weeks", PUBLISHED)
    assert (got.lo, got.hi) == (PUBLISHED, date(2022, 5, 2))


def test_a_weekday_follows_the_tense_of_the_clause(nlp):
    assert window(horizon(nlp, "The mayor resigned on Tuesday.")) == ("2022-03-08", "2022-03-08")
    assert window(horizon(nlp, "The mayor will speak on Tuesday.")) == ("2022-03-15", "2022-03-15")


def test_a_datetime_publication_counts_by_its_date(nlp):
    h = horizon(nlp, "The council changed the rules last month.", datetime(2022, 3, 14, 23, 30))
    assert window(h) == ("2022-02-01", "2022-02-28")


def test_without_a_publication_date_relative_words_stay_words(nlp):
    for text in ("The army could soon join the fighting.", "The council changed the rules last month."):
        h = horizon(nlp, text, None)
        assert h.relative is True
        assert window(h) == (None, None)
        assert h.text in text


def test_without_a_publication_date_absolute_dates_still_resolve(nlp):
    h = horizon(nlp, "The bridge opened in 2023.", None)
    assert h.relative is False and window(h) == ("2023-01-01", "2023-12-31")


def test_durations_and_plain_clauses_have_no_horizon(nlp):
    assert horizon(nlp, "The strike lasted two weeks.") is None
    assert horizon(nlp, "The mill employs four hundred people.") is None


def test_the_content_span_limits_the_search(nlp):
    text = "Last week the ministry said that the dam would be finished by the end of the year."
    h = horizon(nlp, text, content="that the dam would be finished by the end of the year")
    assert h.text == "by the end of the year"


def test_the_expression_nearest_the_clause_root_governs(nlp):
    h = horizon(nlp, "The council approved last month a plan that runs until 2030.")
    assert h.text == "last month"


HEADER = "phrase\tdays_from\tdays_to\tdirection\tsource\n"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("soon\t0\tmonth\tfuture\ta test\n", "days_to is 'month'"),
        ("soon\t10\t5\tfuture\ta test\n", "days_from 10 > days_to 5"),
        ("soon\t0\t31\tsideways\ta test\n", "direction 'sideways'"),
        ("recently\t-31\t5\tpast\ta test\n", "a past window cannot end after publication"),
    ],
)
def test_a_malformed_horizon_table_names_file_and_line(tmp_path: Path, row: str, problem: str):
    path = tmp_path / "horizons.tsv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(LexiconFileError) as err:
        load_horizons(path)
    assert f"{path}:2:" in str(err.value) and problem in str(err.value)


def test_a_custom_horizon_table_replaces_the_shipped_one(nlp, tmp_path: Path):
    path = tmp_path / "horizons.tsv"
    path.write_text(HEADER + "soon\t0\t14\tfuture\ta test\n", encoding="utf-8")
    h = find_horizon(nlp("The union could soon strike."), PUBLISHED, horizons=path)
    assert window(h) == ("2022-03-14", "2022-03-28")
