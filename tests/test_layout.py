"""Letter structure: headers, quoted recommendations, responses and their recommendation ids."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from commitnlp.evaluation import (combine_structure_scores, corpus_structure_gold, realdev_structure_gold,
                                  structure_scores)
from commitnlp.layout import find_segments, rec_heading
from commitnlp.normalise import normalise


def roles(text: str) -> list[tuple[str, str | None, str]]:
    clean = normalise(text).text
    return [(s.role, s.recommendation, clean[s.start:s.end]) for s in find_segments(clean)]


@pytest.mark.parametrize("line, rec_id", [
    ("Recommendation 3 \u2013 The Force should act.", "3"),
    ("Recommendation 3: The Force should act.", "3"),
    ("Recommendation 12", "12"),
    ("R3 The Force should act.", "3"),
    ("Rec. 3 The Force should act.", "3"),
    ("Conclusion and recommendation 7", "7"),
    ("Area for improvement 2: The force should improve.", "AFI2"),
    ("Matter of concern 1", "C1"),
    ("Recommendation 4.2 - Publish data", "4.2"),
    ("OIG Recommendation 2", "2"),
    ("State Auditor's Recommendation 5: Revise the policy.", "5"),
    ("Finding 1: Contract staffing levels were not enforced", "F1"),
])
def test_recommendation_headings(line, rec_id):
    assert rec_heading(line)[0] == rec_id


def test_prose_mentioning_a_recommendation_is_not_a_heading():
    assert rec_heading("Recommendation 3 is accepted in full.") is None


def test_formal_letter_structure():
    letter = ("Chief Constable's Office\nPolice HQ\n14 May 2024\n\nDear Councillor Shah,\n\n"
              "Thank you for the Panel's report. Our response is below.\n\n"
              "Recommendation 1 \u2013 The Force should publish its data. It should do so quarterly.\n\n"
              "We will publish the data every quarter from July.\n\n"
              "Recommendation 2: The Force must appoint a lead.\n\nResponse:\nNot agreed. We have a lead already.\n\n"
              "I hope this is helpful.\n\nYours sincerely,\n\nJane Doe\nChief Constable\n")
    found = roles(letter)
    assert [r for r in found if r[0] == "header"][:4] == [
        ("header", None, "Chief Constable's Office"), ("header", None, "Police HQ"),
        ("header", None, "14 May 2024"), ("header", None, "Dear Councillor Shah,")]
    quoted = [(r[1], r[2]) for r in found if r[0] == "recommendation"]
    assert quoted == [("1", "Recommendation 1 \u2013 The Force should publish its data."), ("1", "It should do so quarterly."),
                      ("2", "Recommendation 2: The Force must appoint a lead.")]
    responses = {r[2]: r[1] for r in found if r[0] == "response"}
    assert responses["We will publish the data every quarter from July."] == "1"
    assert responses["Not agreed."] == "2" and responses["We have a lead already."] == "2"
    assert responses["Thank you for the Panel's report."] is None
    assert responses["I hope this is helpful."] is None  # closing courtesy answers no recommendation
    assert ("header", None, "Yours sincerely,") in found and ("header", None, "Chief Constable") in found


def test_command_paper_numbered_recommendations_and_government_response():
    paper = ("Government response to the Committee's report\n\n"
             "1. We recommend that the Home Office publishes annual figures on pursuits.\n\n"
             "Government response\n\n"
             "2. The Government accepts this recommendation. Figures will be published each July.\n")
    found = roles(paper)
    assert ("recommendation", "1", "1. We recommend that the Home Office publishes annual figures on pursuits.") in found
    assert ("response", "1", "2. The Government accepts this recommendation.") in found
    assert ("response", "1", "Figures will be published each July.") in found


def test_agreed_table_lines():
    table = ("R4: The Trust should audit observation records monthly.\nAgreed in principle.\n"
             "The audit will start in June.\n")
    found = roles(table)
    assert ("recommendation", "4", "R4: The Trust should audit observation records monthly.") in found
    assert ("response", "4", "Agreed in principle.") in found
    assert ("response", "4", "The audit will start in June.") in found


def _met_expectations(realdev):
    rows = [json.loads(line) for line in (realdev / "met-2025-02-19.gold.jsonl").read_text().splitlines()]
    current, expected = None, []
    for row in rows:
        if row["role"] == "recommendation":
            current = row["text"].split("\u2013")[0].split()[1]
        expected.append((row, current))
    return expected


def test_met_letter_structure(realdev):
    text = (realdev / "met-2025-02-19.txt").read_text(encoding="utf-8")
    clean = normalise(text)
    segments = find_segments(clean.text)
    by_start = {clean.to_source(s.start, s.end)[0]: s for s in segments}
    recs = list(dict.fromkeys(s.recommendation for s in segments if s.role == "recommendation"))
    assert recs == ["2", "3", "4", "7", "8", "9", "10", "11", "12"]
    for row, rec in _met_expectations(realdev):
        if row["role"] == "recommendation":
            assert by_start[row["start"]].role == "recommendation", row["text"]
        elif row["role"] == "response" and row["start"] in by_start:
            assert by_start[row["start"]].role == "response", row["text"]
            assert by_start[row["start"]].recommendation == rec, row["text"]
    # The sentence that runs over the paragraph break in recommendation 4's response is one sentence.
    joined = [s for s in segments if "our values and" in clean.text[s.start:s.end]]
    assert len(joined) == 1 and clean.text[joined[0].start:joined[0].end].endswith("services to the public.")


def test_corpus_structure_by_style(corpus_records):
    from commitnlp.corpus.records import iter_documents

    by_style = defaultdict(list)
    for _, rows in iter_documents(corpus_records):
        text, gold = corpus_structure_gold(rows)
        by_style[rows[0].style].append(structure_scores(text, gold))
    assert len(by_style) >= 6
    for style, scores in by_style.items():
        combined = combine_structure_scores(scores)
        assert combined["boundary_f1"] >= 0.95, style
        assert combined["role_accuracy"] >= 0.9, style
        # Public statements answer recommendations loosely (a quote, a summary, then prose that
        # ranges over several), so their grouping is measured with a lower floor.
        assert combined["recommendation_agreement"] >= (0.6 if style == "statement" else 0.85), style
    overall = combine_structure_scores([s for scores in by_style.values() for s in scores])
    assert overall["boundary_f1"] >= 0.95
    assert overall["role_accuracy"] >= 0.95 and overall["recommendation_agreement"] >= 0.9


def test_realdev_sentence_boundaries(realdev):
    scores = [structure_scores(*realdev_structure_gold(path)) for path in sorted(realdev.glob("*.gold.jsonl"))]
    combined = combine_structure_scores(scores)
    assert combined["boundary_f1"] >= 0.95
    assert combined["role_accuracy"] >= 0.85


def test_met_letter_check_by_dates(realdev, nlp):
    """The dated commitments of the Met letter resolve against its own date (19/02/2025)."""
    from commitnlp.dates import check_by
    from commitnlp.pipeline import score_letters
    from commitnlp.readers import read_letter

    result = next(score_letters(nlp, [read_letter(realdev / "met-2025-02-19.txt")]))
    assert result["letter_date"] == "2025-02-19"
    expected = {"This will launch in April": ("2025-04-01", "2025-04-30"),
                "In spring, our Safer Schools Officers": ("2025-03-01", "2025-05-31"),
                "We plan to launch our Stop and Search Charter later this month": ("2025-02-19", "2025-02-28")}
    sentences = {s["text"]: s for s in result["sentences"] if s["role"] == "response"}
    for opening, (start, end) in expected.items():
        text = next(t for t in sentences if t.startswith(opening))
        found = check_by(text, result["letter_date"]).to_json()
        assert (found["from"], found["check_by"]) == (start, end)
    # Every sentence the model calls a firm commitment is in the diary, with its resolved date.
    firm = [s for s in sentences.values() if s["label"] == "FIRM"]
    assert [f["commitment"] for f in result["follow_up"]] == [s["text"] for s in firm]
    # The three dated firm commitments (April; spring; later this month) are all listed.
    listed = {opening: next((f for f in result["follow_up"] if f["commitment"].startswith(opening)), None)
              for opening in expected}
    assert all(listed.values()), [opening for opening, found in listed.items() if found is None]
    for opening, (_, end) in expected.items():
        assert listed[opening]["check_by"]["check_by"] == end
    assert listed["This will launch in April"]["recommendation"] == "4"
