"""Normalisation: the cleaned text reads as one sentence where the source broke it, and every
offset still points at the right characters of the source."""

from __future__ import annotations

import pytest

from commitnlp.normalise import normalise


def test_paragraph_break_mid_sentence_is_joined():
    source = "we are investing in our values and\n\nservices to the public. Almost all have completed it.\n"
    clean = normalise(source)
    assert "values and services to the public." in clean.text


def test_hard_wrapped_prose_is_joined_but_addresses_are_not():
    source = ("City Hall\nKamal Way\nLondon\n\nThe Force will recruit forty additional call handlers during the coming\n"
              "Financial year and train them by June.\n")
    clean = normalise(source)
    assert clean.text.startswith("City Hall\nKamal Way\nLondon\n\n")
    assert "during the coming Financial year" in clean.text


def test_dehyphenation_smart_quotes_and_bullets():
    source = "We will intro-\nduce \u2018stop\u2019 and \u201csearch\u201d.\n\u25cf first item\n- second item\n"
    clean = normalise(source)
    assert "introduce 'stop' and \"search\"." in clean.text
    assert "\u2022 first item\n\u2022 second item" in clean.text


def test_page_numbers_are_dropped():
    clean = normalise("The review will report in\n\nPage 2 of 5\n\nthe spring.\n")
    assert "report in the spring." in clean.text and "Page 2" not in clean.text


def test_email_and_web_lines_stay_apart():
    clean = normalise("Kevin.Smith@police.example.uk\nwww.police.example.uk\n")
    assert clean.text.splitlines()[:2] == ["Kevin.Smith@police.example.uk", "www.police.example.uk"]


@pytest.mark.parametrize("source", [
    "Dear Chair,\r\n\r\nWe will act\u00ad now \u2013 by \u2018June\u2019.\r\n",
    "The plan is in-\nplace for all ten sites and will be\n\nextended next year.\n",
])
def test_offsets_map_back_to_the_source(source):
    clean = normalise(source)
    assert len(clean.offsets) == len(clean.text)
    for i, ch in enumerate(clean.text):
        src = source[clean.offsets[i]]
        if ch.isalnum():
            assert src == ch
    word = "act" if "act" in clean.text else "extended"
    start = clean.text.index(word)
    s, e = clean.to_source(start, start + len(word))
    assert source[s:e] == word
