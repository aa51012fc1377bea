"""Sentence splitting suited to letters."""

from __future__ import annotations

import pytest

from commitnlp.sentences import split_block


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_block(text)]


@pytest.mark.parametrize("text, expected", [
    ("We will train approx. 900 officers each week. This starts in April.",
     ["We will train approx. 900 officers each week.", "This starts in April."]),
    ("See para. 4.2 of the report, e.g. the section on custody. It is clear.",
     ["See para. 4.2 of the report, e.g. the section on custody.", "It is clear."]),
    ("Cllr. Patel and Supt. Rowe met No. 10 officials. They agreed.",
     ["Cllr. Patel and Supt. Rowe met No. 10 officials.", "They agreed."]),
    ("1. The Government accepts this recommendation. It will act.",
     ["1. The Government accepts this recommendation.", "It will act."]),
    ('We published "Safer Streets." Then we consulted.', ['We published "Safer Streets."', "Then we consulted."]),
    ("Response\n\u2022 a review of cases\n\u2022 new guidance. It follows.",
     ["Response", "a review of cases", "new guidance.", "It follows."]),
    ("Work began in 2023. 2024 will see more.", ["Work began in 2023.", "2024 will see more."]),
    ("J. Patel QPM will lead it. She starts today!", ["J. Patel QPM will lead it.", "She starts today!"]),
])
def test_letter_sentences(text, expected):
    assert sentences(text) == expected


def test_offset_is_added():
    assert split_block("Yes. No.", offset=10) == [(10, 14), (15, 18)]
