"""The Ctrl-F baseline: the phrases a scrutiny officer would search a letter for.

A refusal phrase makes REFUSAL; otherwise a hedge makes VAGUE; otherwise "will",
"accept" or "agree" makes FIRM; anything else is NONE. Written as the officer's checklist,
not tuned on any data.
"""

from __future__ import annotations

import re

REFUSAL = ["not accept", "does not accept", "do not accept", "reject", "no plans", "not agree", "decline",
           "not support", "will not", "cannot", "not appropriate", "not practicable", "not proportionate",
           "not necessary", "no intention"]
VAGUE = ["consider", "review", "explore", "look at", "look into", "aim", "seek", "hope", "intend", "endeavour",
         "in principle", "where appropriate", "where possible", "in due course", "continue to", "committed to",
         "work with", "working with", "subject to"]
FIRM = ["will", "shall", "accept", "agree", "agreed"]


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


_REFUSAL, _VAGUE, _FIRM = _pattern(REFUSAL), _pattern(VAGUE), _pattern(FIRM)


def classify(text: str) -> str:
    if _REFUSAL.search(text):
        return "REFUSAL"
    if _VAGUE.search(text):
        return "VAGUE"
    if _FIRM.search(text):
        return "FIRM"
    return "NONE"
