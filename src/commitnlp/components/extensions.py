"""The custom attributes commitnlp sets on spaCy objects, registered once."""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_KEY = "sentences"
"""``doc.spans`` key holding every sentence and structure line of a letter, in order."""


def register() -> None:
    """Register ``Span._.role``, ``Span._.recommendation``, ``Span._.scores`` and ``Doc._.letter_date``."""
    for name, default in (("role", None), ("recommendation", None), ("scores", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("letter_date"):
        Doc.set_extension("letter_date", default=None)


def sentence_tokens(span: Span) -> tuple[str, ...]:
    """What the classifier reads: the span's lower-cased tokens, whitespace left out."""
    return tuple(token.lower_ for token in span if not token.is_space)
