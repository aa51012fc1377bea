"""Sentence splitting tuned for letters.

spaCy's rule-based sentencizer splits at every full stop. Letters are full of full stops
that end nothing ("approx. 900", "para. 4.2", "Supt. Rowe", "No. 10") and of sentences
that end without one (headings, list items). This splitter works on one block of prose,
already separated from headings by the layout step, and returns character spans.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
a.m p.m e.g i.e eg ie approx c ca cf viz vs v no nos para paras s ss art arts cl reg regs
sch sec ch chap pt vol vols p pp fig figs ed eds ref refs op cit ibid al
mr mrs ms mx dr prof sir rt hon cllr supt ch.supt insp sgt det dc ds pc dci dcs dsu acc
dcc cc cmdr col gen lt capt maj st mt ave rd jan feb mar apr jun jul aug sep sept oct nov
dec mon tue wed thu fri sat sun inc ltd co corp dept depts govt gov est min max tel ext
u.k u.s u.n n.b nb cmnd cm hc hl wk wks yr yrs hr hrs av approx. jr sr assoc univ
""".split())
"""Words that end with a full stop without ending the sentence (compared lower-case, no final dot)."""

_CANDIDATE = re.compile(r"[.!?]+[\"')\]*_]*(?=\s+[\"'(\[*_•]?[A-Z0-9])")
_LIST_MARKER = re.compile(r"^\s*(?:•\s*)?(?:\(?[0-9]+(?:\.[0-9]+)*[.)]?|\(?[a-z][.)]|\(?[ivx]+[.)])\s*$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s*")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]*[\"')\]*_]*$")


def _ends_sentence(block: str, start: int, match: re.Match[str]) -> bool:
    """Whether the punctuation at ``match`` really closes the sentence begun at ``start``."""
    head = block[start:match.start() + 1]
    if _LIST_MARKER.match(head):
        return False  # "1." or "(a)" opening a numbered paragraph
    if match.group(0).startswith(("!", "?")) or len(match.group(0).rstrip("\"')]*_")) > 1:
        return True
    word = _WORD_BEFORE.search(block[max(start, match.start() - 40):match.start() + 1])
    if not word:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "J. Patel"
    return True


def split_block(block: str, offset: int = 0) -> list[tuple[int, int]]:
    """Split one block of text into sentences; return ``(start, end)`` spans plus ``offset``.

    Every line of the block starts a new sentence (the layout step has already joined lines
    broken mid-sentence, so a remaining line break ends a heading, a list item or a
    sentence). Within a line, a sentence ends at ``.``, ``!`` or ``?`` (with any closing
    quotes or brackets) before a capital, digit or opening quote, unless the full stop ends
    an abbreviation, an initial or a paragraph number.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in block.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.lstrip()
        if not stripped:
            continue
        start = line_start + len(line) - len(stripped)
        if stripped.startswith("•"):
            start += len(stripped) - len(stripped[1:].lstrip())  # the bullet is layout, not text
        for match in _CANDIDATE.finditer(block, start, line_start + len(line)):
            if _ends_sentence(block, start, match):
                spans.append((start, match.end()))
                start = _NEXT_WORD.match(block, match.end()).end()
        end = line_start + len(line.rstrip())
        if end > start:
            spans.append((start, end))
    return [(s + offset, e + offset) for s, e in spans]
