"""The custom attributes commitnlp sets on spaCy objects, registered once."""

from __future__ import annotations

from spacy.attrs import IS_SPACE, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span

SPANS_KEY = "sentences"
"""``doc.spans`` key holding every sentence and structure line of a letter, in order."""
TEXT_KEY = "commitnlp_text"
"""``doc.user_data`` key of the text a Doc was made from, when the caller kept it."""


def register() -> None:
    """Register ``Span._.role``, ``Span._.recommendation``, ``Span._.scores`` and ``Doc._.letter_date``."""
    for name, default in (("role", None), ("recommendation", None), ("scores", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("letter_date"):
        Doc.set_extension("letter_date", default=None)


def sentence_tokens(span: Span | Doc) -> tuple[str, ...]:
    """What the classifier reads: the span's lower-cased tokens, whitespace left out."""
    return tuple(token.lower_ for token in span if not token.is_space)


def doc_sentence_tokens(doc: Doc, spans: list[Span]) -> list[tuple[str, ...]]:
    """:func:`sentence_tokens` for many spans of one Doc, reading the token table once."""
    strings = doc.vocab.strings
    lowers = [None if space else strings[lower] for lower, space in doc.to_array([LOWER, IS_SPACE]).tolist()]
    return [tuple(t for t in lowers[span.start:span.end] if t is not None) for span in spans]


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text kept at tokenisation, or rebuilt from the token table."""
    kept = doc.user_data.get(TEXT_KEY)
    if kept is not None:
        return kept
    strings = doc.vocab.strings
    return "".join([strings[orth] + " " if space else strings[orth] for orth, space in doc.to_array([ORTH, SPACY]).tolist()])
