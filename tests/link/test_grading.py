"""Admiralty grading: grades files as users write them, credibility from independent origins."""

from __future__ import annotations

import pytest

from heuer.lexicon import LexiconFileError
from heuer.link.grading import (
    Credibility,
    Grades,
    GradesFileError,
    Reliability,
    SourceGrade,
    Stance,
    admiralty_words,
    cluster_credibility,
    credibility,
    origin_grades,
    parse_grades_file,
)
from tests.link.test_provenance import CNN, Corpus


def test_standard_words_come_from_the_data_file():
    assert Reliability.A.words == "completely reliable"
    assert Reliability.F.words == "reliability cannot be judged"
    assert Credibility(1).words == "confirmed by other sources"
    assert Credibility.CANNOT_BE_JUDGED.words == "truth cannot be judged"


def test_admiralty_file_must_cover_both_scales(tmp_path):
    bad = tmp_path / "admiralty.tsv"
    bad.write_text(
        "code\taxis\twords\tsource\nA\treliability\tcompletely reliable\tAJP-2.1\n", encoding="utf-8"
    )
    with pytest.raises(LexiconFileError, match="missing credibility 1"):
        admiralty_words(str(bad))
    bad.write_text("code\taxis\twords\tsource\nG\treliability\tsuperb\tnowhere\n", encoding="utf-8")
    with pytest.raises(LexiconFileError, match=r"admiralty.tsv:2: unknown code 'G'"):
        admiralty_words(str(bad))


# --- grades files ---------------------------------------------------------------------------------


def test_csv_grades(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(
        "source,reliability,reason\n"
        "# wire services first\n"
        'Reuters,b,"long record, corrections published"\n'
        "Valley Courier,D,two retractions this year\n",
        encoding="utf-8",
    )
    grades = parse_grades_file(path, graded_at="2024-06-01")
    assert grades == [
        SourceGrade("Reuters", Reliability.B, "long record, corrections published", "2024-06-01"),
        SourceGrade("Valley Courier", Reliability.D, "two retractions this year", "2024-06-01"),
    ]


def test_toml_grades_with_own_dates(tmp_path):
    path = tmp_path / "grades.toml"
    path.write_text(
        '[[grade]]\nsource = "Minister Kaal"\nreliability = "C"\nreason = "mixed record"\n'
        'graded_at = "2024-05-30"\n\n'
        '[[grade]]\nsource = "CNN"\nreliability = "F"\nreason = "not assessed yet"\n',
        encoding="utf-8",
    )
    grades = parse_grades_file(path)
    assert [(g.source, g.reliability, g.graded_at) for g in grades][0] == ("Minister Kaal", "C", "2024-05-30")
    assert grades[1].reliability is Reliability.F and grades[1].graded_at  # the file's date


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "g.csv",
            "source,reliability,reason\nReuters,G,fine\n",
            r"g.csv:2: reliability 'G' for 'Reuters' is not",
        ),
        (
            "g.csv",
            "source,reliability,reason\nReuters,B,\n",
            r"g.csv:2: missing reason for grading 'Reuters' B",
        ),
        ("g.csv", "source,reliability,reason\n,B,why\n", r"g.csv:2: missing source"),
        ("g.csv", "source,reliability,reason\nReuters,,why\n", r"g.csv:2: missing reliability for 'Reuters'"),
        ("g.csv", "source,grade,reason\nReuters,B,why\n", r"g.csv:1: header is 'source,grade,reason'"),
        ("g.csv", "source,reliability,reason\nReuters,B,a,b\n", r"g.csv:2: 4 fields, expected 3"),
        ("g.csv", "", r"g.csv: empty"),
        (
            "g.csv",
            "source,reliability,reason\nReuters,B,x\nthe reuters,C,y\n",
            r"g.csv:3: 'the reuters' is graded twice \(also at .*g.csv:2\)",
        ),
        (
            "g.csv",
            "source,reliability,reason,graded_at\nReuters,B,x,yesterday\n",
            r"g.csv:2: graded_at 'yesterday'",
        ),
        (
            "g.toml",
            '[[grade]]\nsource = "A"\nreliability = "B"\nreason = "x"\n\n'
            '[[grade]]\nsource = "Z"\nreliability = "Q"\nreason = "y"\n',
            r"g.toml:6: \[\[grade\]\] #2: reliability 'Q' for 'Z'",
        ),
        (
            "g.toml",
            '[[grade]]\nsource = "Z"\nreliability = "B"\n',
            r"g.toml:1: \[\[grade\]\] #1: missing reason",
        ),
        ("g.toml", '[[grade]]\nsource = "Z"\nreliabilty = "B"\nreason = "x"\n', r"unknown key 'reliabilty'"),
        ("g.toml", '[[grade]]\nsource = "Z"\nreliability = 2\nreason = "x"\n', r"reliability must be text"),
        ("g.toml", 'source = "Z"\n', r"g.toml: unexpected key 'source'; grades are \[\[grade\]\] tables"),
        ("g.toml", "[[grade]\n", r"g.toml: not valid TOML"),
        ("g.txt", "Reuters B\n", r"g.txt: unknown grades format '.txt'"),
    ],
)
def test_bad_grades_files_fail_with_one_line_naming_the_entry(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GradesFileError, match=message) as info:
        parse_grades_file(path)
    assert "\n" not in str(info.value)


def test_missing_grades_file(tmp_path):
    with pytest.raises(GradesFileError, match=r"nope.csv: cannot read"):
        parse_grades_file(tmp_path / "nope.csv")


# --- reliability ----------------------------------------------------------------------------------


def test_reliability_defaults_to_f():
    grades = Grades([SourceGrade("Reuters", Reliability.B, "record")])
    default = grades.of("Valley Courier")
    assert default.reliability is Reliability.F and "not graded" in default.reason
    assert grades.of("the Reuters").reliability is Reliability.B
    assert Grades().of("CNN").reliability is Reliability.F


def test_grades_match_outlet_aliases_by_actor_id():
    grades = Grades([SourceGrade("Cable News Network", Reliability.C, "record")])
    assert grades.find("CNN", CNN).reliability is Reliability.C
    assert grades.find("Some Blog") is None


def _belief_corpus() -> Corpus:
    """One report relayed twice, an independent wire report, a named minister, and a blog's opinion."""
    c = Corpus()
    s = "Officials told CNN that the brigade had moved."
    c.article("a", "Ledger", "2024-05-01", s)
    c.article("b", "Courier", "2024-05-02", s)
    c.claim("a", s, "K", source="Officials", kind="anonymous_official", via=CNN)
    c.claim("b", s, "K", source="Officials", kind="anonymous_official", via=CNN)
    w = "A diplomat said the brigade had moved."
    c.article("w", "Reuters", "2024-05-02", w)
    c.claim("w", w, "K", source="A diplomat", kind="anonymous_source")
    m = "Minister Kaal said the brigade had moved."
    c.article("m", "Gazette", "2024-05-03", m)
    c.claim("m", m, "M", source="Minister Kaal", kind="named_official", actor="kaal")
    o = "The brigade had moved, which should worry everyone."
    c.article("o", "Blog", "2024-05-03", o)
    c.claim("o", o, "K", voice="author_opinion", mode="opinion")
    c.claim("o", o, "P", voice="author_opinion", mode="opinion")
    return c


def test_origin_grades_prefer_the_original_speaker_and_default_to_f():
    graph = _belief_corpus().graph()
    grades = origin_grades(
        graph,
        [
            SourceGrade("Minister Kaal", Reliability.B, "record"),
            SourceGrade("Reuters", Reliability.A, "record"),
            SourceGrade("Gazette", Reliability.E, "record"),
        ],
    )
    # The speaker's own grade wins over the grade of the outlet that printed him.
    assert grades["source:kaal@2024-05-03"].source == "Minister Kaal"
    assert grades["source:kaal@2024-05-03"].reliability is Reliability.B
    assert grades[f"report:{CNN}@2024-05-01"].reliability is Reliability.F
    assert grades["report:Q130879@2024-05-02"].reliability is Reliability.A
    by_id = origin_grades(graph, Grades([SourceGrade("kaal", Reliability.C, "record")]))
    assert by_id["source:kaal@2024-05-03"].reliability is Reliability.C


def test_an_unnamed_official_does_not_inherit_the_grade_of_its_body():
    c = Corpus()
    s = "A senior NATO intelligence official said the drills were cover."
    c.article("a", None, "2024-05-01", s)
    key = c.claim(
        "a", s, "K", source="A senior NATO intelligence official", kind="anonymous_official", actor="Q7184"
    )
    graph = c.graph()
    group = graph.groups[key]
    assert origin_grades(graph, [SourceGrade("NATO", Reliability.A, "x")])[group].reliability is Reliability.F
    exact = [SourceGrade("a senior NATO intelligence official", Reliability.C, "x")]
    assert origin_grades(graph, exact)[group].reliability is Reliability.C


# --- credibility ----------------------------------------------------------------------------------


def test_circular_reporting_is_one_origin_and_independent_reports_confirm():
    result = cluster_credibility(_belief_corpus().graph())
    k = result["K"]
    assert k.independent_origins == 2
    assert k.credibility is Credibility.CONFIRMED
    assert k.reason.startswith("2 independent origins affirm (")
    assert "none contradict" in k.reason and "1 author opinion not counted" in k.reason


def test_one_origin_relayed_many_times_is_only_possibly_true():
    c = _belief_corpus()
    del c.claims[("w", 0)]
    k = cluster_credibility(c.graph())["K"]
    assert (k.independent_origins, k.credibility) == (1, Credibility.POSSIBLY_TRUE)


def test_a_lone_origin_graded_a_or_b_is_probably_true():
    graph = _belief_corpus().graph()
    m = cluster_credibility(graph, [SourceGrade("kaal", Reliability.B, "record")])["M"]
    assert m.credibility is Credibility.PROBABLY_TRUE and "graded B (usually reliable)" in m.reason
    weak = cluster_credibility(graph, [SourceGrade("kaal", Reliability.E, "record")])["M"]
    assert weak.credibility is Credibility.POSSIBLY_TRUE


def test_author_opinion_never_corroborates():
    result = cluster_credibility(_belief_corpus().graph())
    p = result["P"]
    assert (p.independent_origins, p.credibility) == (0, Credibility.CANNOT_BE_JUDGED)
    assert "1 author opinion not counted" in p.reason
    grade, _ = credibility([Stance("report:x"), Stance("opinion:y", voice="author_opinion")])
    assert grade is Credibility.POSSIBLY_TRUE


def _s(group: str, polarity: str = "affirmed") -> Stance:
    return Stance(group, polarity)


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        ([], Credibility.CANNOT_BE_JUDGED),
        ([_s("x"), _s("x"), _s("x")], Credibility.POSSIBLY_TRUE),  # one origin, however often
        ([_s("x"), _s("y")], Credibility.CONFIRMED),
        ([_s("x"), _s("y"), _s("z"), _s("n", "negated")], Credibility.PROBABLY_TRUE),
        ([_s("x"), _s("y"), _s("n", "negated"), _s("m", "negated")], Credibility.DOUBTFUL),
        ([_s("x"), _s("n", "negated")], Credibility.DOUBTFUL),
        ([_s("n", "negated")], Credibility.DOUBTFUL),
        ([_s("x"), _s("n", "negated"), _s("m", "negated")], Credibility.IMPROBABLE),
        ([_s("n", "negated"), _s("m", "negated")], Credibility.IMPROBABLE),
        ([_s("x"), _s("x", "negated")], Credibility.CANNOT_BE_JUDGED),  # one origin, mixed
        ([Stance("x", mode="question")], Credibility.CANNOT_BE_JUDGED),
    ],
)
def test_credibility_thresholds(stances, expected):
    grade, reason = credibility(stances)
    assert grade is expected, reason


def test_contradiction_from_a_graded_wire_names_counts_and_sources():
    c = _belief_corpus()
    n = "The brigade had not moved."
    c.article("t", "TASS", "2024-05-02", n)
    c.claim("t", n, "K", polarity="negated")
    c.article("x", "Xinhua", "2024-05-02", n)
    c.claim("x", n, "K", polarity="negated")
    c.article("f", "Interfax", "2024-05-02", n)
    c.claim("f", n, "K", polarity="negated")
    k = cluster_credibility(c.graph(), [SourceGrade("Reuters", Reliability.B, "record")])["K"]
    assert k.credibility is Credibility.IMPROBABLE
    assert k.reason.startswith("2 independent origins affirm (CNN report (from 2024-05-01): F, Reuters: B); ")
    assert "3 contradict (" in k.reason


def test_a_speaker_grade_applies_only_in_the_cluster_where_the_speaker_was_merged():
    c = Corpus()
    s1 = "Minister Kaal told CNN that the bridge was closed."
    s2 = "Officials told CNN that the airport was open."
    c.article("a", "Ledger", "2024-05-01", f"{s1} {s2}")
    c.claim("a", s1, "K", source="Minister Kaal", kind="named_official", actor="kaal", via=CNN)
    c.claim("a", s2, "M", source="Officials", kind="anonymous_official", via=CNN)
    graph = c.graph()
    grades = [SourceGrade("Minister Kaal", Reliability.B, "record")]
    group = f"report:{CNN}@2024-05-01"
    assert origin_grades(graph, grades, "K")[group].reliability is Reliability.B
    assert origin_grades(graph, grades, "M")[group].reliability is Reliability.F
    result = cluster_credibility(graph, grades)
    assert result["K"].credibility is Credibility.PROBABLY_TRUE
    assert result["M"].credibility is Credibility.POSSIBLY_TRUE
