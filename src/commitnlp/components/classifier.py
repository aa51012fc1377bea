"""The ``commitment_classifier`` component: FIRM, VAGUE, REFUSAL or NONE for each response.

It reads the response spans the structure component left in ``doc.spans["sentences"]``,
scores them in one batch per ``pipe`` call with the exported linear model, and gives each
its label (``span.label_``) and probabilities (``span._.scores``). Header and quoted
recommendation spans keep their structural role as label and are never classified.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch, registry

from .. import errors
from ..model.linear import LinearModel
from .extensions import SPANS_KEY, doc_sentence_tokens, register


class CommitmentClassifier:
    """Label each response sentence with the strength of what it commits to."""

    def __init__(self, nlp: Language, name: str, spans_key: str = SPANS_KEY, batch_size: int = 64,
                 scorer: Callable | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.batch_size = batch_size
        self.scorer = scorer or score_commitments
        self.model: LinearModel | None = None
        register()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.model.labels) if self.model else ()

    def initialize(self, get_examples=None, *, nlp: Language | None = None, model: LinearModel | None = None) -> None:
        """Attach a trained model. Training itself happens in :mod:`commitnlp.model.train`."""
        if model is not None:
            self.model = model

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Score documents in batches: one ``predict_proba`` call per batch, never per sentence."""
        for docs in minibatch(stream, size=batch_size or self.batch_size):
            probabilities = self.predict(docs)
            self.set_annotations(docs, probabilities)
            yield from docs

    def _responses(self, doc: Doc) -> list[Span]:
        return [span for span in doc.spans.get(self.spans_key, []) if span._.role == "response"]

    def predict(self, docs: list[Doc]):
        """Probabilities for every response sentence of ``docs``, in order."""
        if self.model is None:
            raise errors.ModelError(None, f"the '{self.name}' component has no trained model")
        sentences = [tokens for doc in docs for tokens in doc_sentence_tokens(doc, self._responses(doc))]
        return self.model.predict_proba(sentences)

    def set_annotations(self, docs: list[Doc], probabilities) -> None:
        """Relabel response spans with the most probable label and store all probabilities."""
        labels = self.model.labels
        row = 0
        for doc in docs:
            updated: list[Span] = []
            for span in doc.spans.get(self.spans_key, []):
                if span._.role != "response":
                    updated.append(span)
                    continue
                probs = probabilities[row]
                row += 1
                best = int(probs.argmax())
                # A span's extension values are keyed by its label, so relabelling makes a new span.
                labelled = Span(doc, span.start, span.end, label=labels[best])
                labelled._.role = "response"
                labelled._.recommendation = span._.recommendation
                labelled._.scores = {label: float(p) for label, p in zip(labels, probs)}
                updated.append(labelled)
            doc.spans[self.spans_key] = updated

    def score(self, examples, **kwargs) -> dict:
        """Span-level precision, recall and F-score per label (the registered scorer)."""
        return self.scorer(examples, spans_key=self.spans_key, **kwargs)

    def to_disk(self, path: str | Path, *, exclude=tuple()) -> None:
        if self.model is None:
            raise errors.ModelError(path, "cannot save a classifier that has no trained model")
        self.model.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude=tuple()) -> CommitmentClassifier:
        self.model = LinearModel.from_disk(path)
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        if self.model is None:
            raise errors.ModelError(None, "cannot serialise a classifier that has no trained model")
        return self.model.to_bytes()

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> CommitmentClassifier:
        self.model = LinearModel.from_bytes(data)
        return self


def score_commitments(examples, spans_key: str = SPANS_KEY, **kwargs) -> dict:
    """Precision, recall and F-score of labelled sentence spans (spaCy's span scorer)."""
    from spacy.scorer import Scorer

    return Scorer.score_spans(examples, attr=spans_key, labeled=True,
                              getter=lambda doc, key: doc.spans.get(key, []),
                              has_annotation=lambda doc: spans_key in doc.spans, **kwargs)


@registry.scorers("commitnlp.commitment_scorer.v1")
def make_commitment_scorer() -> Callable:
    """The versioned scorer of the ``commitment_classifier`` component."""
    return score_commitments


@Language.factory(
    "commitment_classifier",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY, "batch_size": 64, "scorer": {"@scorers": "commitnlp.commitment_scorer.v1"}},
)
def make_commitment_classifier(nlp: Language, name: str, spans_key: str, batch_size: int,
                               scorer: Callable) -> CommitmentClassifier:
    """Factory for :class:`CommitmentClassifier`; its model arrives in ``initialize`` or ``from_disk``."""
    return CommitmentClassifier(nlp, name, spans_key, batch_size, scorer)
