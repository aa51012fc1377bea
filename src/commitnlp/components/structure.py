"""The ``letter_structure`` component: roles, recommendation ids and sentence boundaries.

It runs :func:`commitnlp.layout.find_segments` over the Doc's text and records the result
the spaCy way: every sentence or structure line becomes a span in ``doc.spans["sentences"]``
with ``span._.role`` (``header``, ``recommendation``, ``response``) and
``span._.recommendation``; sentence starts are set so that ``doc.sents`` agrees; the
letter's own date, when its header has one, goes to ``doc._.letter_date``.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import dates
from ..layout import find_segments
from .extensions import SPANS_KEY, doc_text, register


class LetterStructure:
    """Find header, quoted recommendations and responses; split sentences."""

    def __init__(self, nlp: Language, name: str, spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        register()

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for segment in find_segments(doc_text(doc)):
            span = doc.char_span(segment.start, segment.end, label=segment.role, alignment_mode="expand")
            if span is None or not len(span) or (spans and span.start < spans[-1].end):
                continue
            span._.role = segment.role
            span._.recommendation = segment.recommendation
            spans.append(span)
        if len(doc):
            starts = np.full((len(doc), 1), -1, dtype=np.int64)  # -1: not a sentence start
            starts[[0, *(span.start for span in spans)], 0] = 1
            doc.from_array([SENT_START], starts.astype(np.uint64))
        doc.spans[self.spans_key] = spans
        doc._.letter_date = dates.letter_date(span.text for span in spans if span._.role == "header")
        return doc

    # Nothing is learned: serialisation keeps only the settings, which spaCy's config holds.
    def to_disk(self, path, *, exclude=tuple()) -> None:  # noqa: D102 - spaCy protocol
        pass

    def from_disk(self, path, *, exclude=tuple()) -> LetterStructure:  # noqa: D102
        return self


@Language.factory(
    "letter_structure",
    assigns=["token.is_sent_start", "doc.spans", "doc._.letter_date"],
    default_config={"spans_key": SPANS_KEY},
)
def make_letter_structure(nlp: Language, name: str, spans_key: str) -> LetterStructure:
    """Factory for :class:`LetterStructure` (registered for ``nlp.add_pipe("letter_structure")``)."""
    return LetterStructure(nlp, name, spans_key)
