"""Verdicts per recommendation and the letter summary, by the documented rule."""

from __future__ import annotations

import pytest

from commitnlp.scoring import recommendations, summarise, verdict


@pytest.mark.parametrize("labels, expected", [
    ([], "not answered"),
    (["NONE", "NONE"], "no commitment"),
    (["NONE", "VAGUE"], "vague"),
    (["VAGUE", "FIRM", "NONE"], "committed"),
    (["FIRM", "REFUSAL"], "refused"),
    (["FIRM", "FIRM", "REFUSAL"], "committed"),
    (["REFUSAL", "VAGUE"], "refused"),
])
def test_verdict_rule(labels, expected):
    assert verdict(labels) == expected


def _sentence(index, role, rec, label=None, confidence=0.9, text="s"):
    return {"index": index, "role": role, "recommendation": rec, "label": label, "confidence": confidence,
            "text": f"{text}{index}"}


def test_recommendations_and_summary():
    sentences = [
        _sentence(0, "response", None, "NONE"),
        _sentence(1, "recommendation", "1", text="ask"),
        _sentence(2, "response", "1", "FIRM", 0.7),
        _sentence(3, "response", "1", "FIRM", 0.95),
        _sentence(4, "recommendation", "2", text="ask"),
        _sentence(5, "response", "2", "VAGUE"),
        _sentence(6, "recommendation", "3", text="ask"),
    ]
    recs = recommendations(sentences)
    assert [(r["id"], r["verdict"]) for r in recs] == [("1", "committed"), ("2", "vague"), ("3", "not answered")]
    assert recs[0]["deciding_index"] == 3  # the most confident firm commitment
    summary = summarise(sentences, recs)
    assert summary["commitment_index"] == round((100 + 50 + 0) / 3)
    assert summary["labels"] == {"FIRM": 2, "VAGUE": 1, "REFUSAL": 0, "NONE": 1}
    assert summary["verdicts"]["not answered"] == 1


def test_letter_without_recommendations_is_one_block():
    sentences = [_sentence(0, "response", None, "REFUSAL"), _sentence(1, "response", None, "NONE")]
    summary = summarise(sentences, recommendations(sentences))
    assert summary["overall_verdict"] == "refused" and summary["commitment_index"] == 0
