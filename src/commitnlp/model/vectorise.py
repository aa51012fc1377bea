"""Training features counted once, then sliced for each fit.

A retrain makes four fits (three cross-validation folds and the final model). Fitting a
``TfidfVectorizer`` in each would run the analyzers and rebuild the vocabularies four times,
more than half of the training time. Here every analyzer runs once over all training
sentences (raw counts, every n-gram kept) and each fit learns from the rows it trains on
what ``TfidfVectorizer(min_df=..., sublinear_tf=True)``, ``DictVectorizer`` and
``MaxAbsScaler`` would have learnt from them: the n-grams in at least ``min_df`` of those
sentences, in the same (sorted) order, their smoothed IDF, and the cue scales. The matrices
are the same as scikit-learn's (a test compares them), so the fitted weights are too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .linear import ANALYZERS, Block


@dataclass(frozen=True)
class BlockSpec:
    """One block of the feature space as configured: what it counts and how much it weighs."""

    name: str
    kind: str  # "tfidf" or "dict"
    analyzer: str
    params: dict
    weight: float


def block_specs(config) -> list[BlockSpec]:
    """The feature blocks of a :class:`~commitnlp.model.train.TrainConfig`, in model order."""
    specs = [
        BlockSpec("words", "tfidf", "word_ngrams", {"max_n": config.word_max_n}, 1.0),
        BlockSpec("chars", "tfidf", "char_ngrams", {"min_n": config.char_min_n, "max_n": config.char_max_n},
                  config.char_weight),
        BlockSpec("cues", "dict", "cue_features", {}, config.cue_weight),
    ]
    if config.pattern_weight:
        specs.append(BlockSpec("patterns", "tfidf", "pattern_ngrams", {"min_n": 2, "max_n": 4}, config.pattern_weight))
    return specs


@dataclass
class Learnt:
    """What one fit learnt for one block: the global columns it keeps, and their IDF or scale."""

    keep: np.ndarray
    idf: np.ndarray | None = None
    scale: np.ndarray | None = None


_SENTENCES: list = []
"""The sentences being counted, shared with forked worker processes without pickling them."""


def _count(spec: BlockSpec):
    """Raw counts of one block over :data:`_SENTENCES` and the sorted terms of its columns."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = partial(ANALYZERS[spec.analyzer], **spec.params)
    if spec.kind == "dict":
        vectoriser = DictVectorizer()
        matrix = vectoriser.fit_transform([analyzer(s) for s in _SENTENCES])
    else:
        vectoriser = CountVectorizer(analyzer=analyzer, dtype=np.float64)
        matrix = vectoriser.fit_transform(_SENTENCES)
    return matrix.tocsr(), vectoriser.get_feature_names_out()


class SharedCounts:
    """Raw counts of every block over a list of tokenised sentences, made once.

    With ``parallel`` the blocks are counted in forked worker processes, one block per worker
    at a time (:func:`~commitnlp.machine.fork_map`).
    """

    def __init__(self, specs: Sequence[BlockSpec], sentences: Sequence[Sequence[str]], min_df: int,
                 parallel: bool = False) -> None:
        from ..machine import fork_map

        self.specs = list(specs)
        self.min_df = min_df
        _SENTENCES[:] = sentences
        try:
            counted = fork_map(_count, self.specs) if parallel else [_count(spec) for spec in self.specs]
        finally:
            _SENTENCES.clear()
        self.counts = [matrix for matrix, _ in counted]
        self.terms = [terms for _, terms in counted]

    def learn(self, rows: np.ndarray) -> list[Learnt]:
        """Vocabularies, IDF and scales as scikit-learn would fit them on ``rows`` alone."""
        learnt = []
        for spec, counts in zip(self.specs, self.counts):
            part = counts[rows]
            df = np.bincount(part.indices, minlength=counts.shape[1])
            if spec.kind == "dict":
                keep = np.flatnonzero(df > 0)
                peak = np.zeros(counts.shape[1])
                np.maximum.at(peak, part.indices, np.abs(part.data))
                scale = peak[keep]
                learnt.append(Learnt(keep, scale=np.where(scale == 0, 1.0, scale)))
            else:
                keep = np.flatnonzero(df >= self.min_df)
                learnt.append(Learnt(keep, idf=np.log((1 + len(rows)) / (1 + df[keep])) + 1.0))
        return learnt

    def matrix(self, learnt: Sequence[Learnt], rows: np.ndarray):
        """The weighted feature matrix of ``rows`` under what a fit learnt (CSR)."""
        import scipy.sparse as sp

        parts = []
        for spec, counts, block in zip(self.specs, self.counts, learnt):
            part = counts[rows][:, block.keep].tocsr()
            if spec.kind == "dict":
                part = part @ sp.diags(spec.weight / block.scale)
            else:
                part.data = np.log(part.data) + 1.0
                part = part @ sp.diags(block.idf)
                norms = np.sqrt(np.asarray(part.multiply(part).sum(axis=1)).ravel())
                part = sp.diags(spec.weight / np.where(norms == 0, 1.0, norms)) @ part
            parts.append(part)
        return sp.hstack(parts, format="csr")

    def blocks(self, learnt: Sequence[Learnt]) -> list[Block]:
        """The scorer's :class:`~commitnlp.model.linear.Block` objects for what a fit learnt."""
        blocks = []
        for spec, terms, block in zip(self.specs, self.terms, learnt):
            vocabulary = {str(term): i for i, term in enumerate(terms[block.keep])}
            blocks.append(Block(name=spec.name, kind=spec.kind, analyzer=spec.analyzer, params=dict(spec.params),
                                vocabulary=vocabulary, weight=spec.weight, idf=block.idf, scale=block.scale))
        return blocks

