"""The trained classifier as plain arrays and JSON, and the numpy code that scores with it.

Training happens in scikit-learn (:mod:`commitnlp.model.train`), but scoring a letter must
not import scikit-learn: on this machine importing it takes longer than starting spaCy.
A fitted pipeline (TF-IDF word and character n-grams, scaled cue features, multinomial
logistic regression) is a handful of vocabularies and weight arrays, so it is exported as
exactly that and applied here with numpy. :func:`commitnlp.model.train.export` writes it;
a test checks that both give the same probabilities.

Nothing here unpickles: ``weights.npz`` is read with ``allow_pickle=False`` and
``model.json`` is plain JSON. A directory holding anything else is refused.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import errors
from . import features

FORMAT = "commitnlp-linear"
FORMAT_VERSION = 1
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
_UNSAFE_SUFFIXES = (".pkl", ".pickle", ".joblib", ".skops", ".pt", ".bin", ".sav", ".dill")

ANALYZERS = {
    "word_ngrams": features.word_ngrams,
    "char_ngrams": features.char_ngrams,
    "pattern_ngrams": features.pattern_ngrams,
    "cue_features": features.cue_features,
}
"""The feature functions a model may name, by name. Models cannot bring their own code."""


@dataclass
class Block:
    """One part of the feature space: TF-IDF over n-grams, or scaled cue features."""

    name: str
    kind: str  # "tfidf" or "dict"
    analyzer: str
    params: dict
    vocabulary: dict[str, int]
    weight: float
    idf: np.ndarray | None = None  # tfidf: one value per column
    scale: np.ndarray | None = None  # dict: max-abs scale per column
    sublinear_tf: bool = True

    def __post_init__(self) -> None:
        self._token_cache: dict[str, np.ndarray] = {}

    def columns(self, sentence: Sequence[str]) -> list[int]:
        """Vocabulary columns of every n-gram in the sentence, repeated as often as they occur."""
        vocab = self.vocabulary
        return [col for gram in ANALYZERS[self.analyzer](sentence, **self.params) if (col := vocab.get(gram)) is not None]

    def _token_columns(self, token: str) -> np.ndarray:
        """Columns of one word's character n-grams (they never cross a word boundary), cached."""
        cols = self._token_cache.get(token)
        if cols is None:
            vocab = self.vocabulary
            cols = np.fromiter((c for gram in features.char_ngrams([token], **self.params)
                                if (c := vocab.get(gram)) is not None), dtype=np.int64)
            if len(self._token_cache) < 500_000:
                self._token_cache[token] = cols
        return cols

    def _all_columns(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every n-gram occurrence in a batch (the scorer's hot loop)."""
        if self.analyzer == "char_ngrams":
            arrays, lengths = [], []
            for sentence in sentences:
                found = [self._token_columns(token) for token in sentence]
                arrays.extend(found)
                lengths.append(sum(map(len, found)))
            cols = np.concatenate(arrays) if arrays else np.empty(0, np.int64)
        else:
            found_lists = [self.columns(sentence) for sentence in sentences]
            lengths = list(map(len, found_lists))
            cols = np.fromiter(itertools.chain.from_iterable(found_lists), dtype=np.int64, count=sum(lengths))
        rows = np.repeat(np.arange(len(sentences), dtype=np.int64), lengths)
        return rows, cols

    def entries(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and values of this block for a batch of tokenised sentences."""
        if self.kind == "dict":
            found = [ANALYZERS[self.analyzer](sentence, **self.params) for sentence in sentences]
            get = self.vocabulary.get
            cols = np.fromiter((get(name, -1) for name in itertools.chain.from_iterable(found)), dtype=np.int64)
            vals = np.fromiter(itertools.chain.from_iterable(d.values() for d in found), dtype=np.float64, count=len(cols))
            rows = np.repeat(np.arange(len(found), dtype=np.int64), list(map(len, found)))
            known = cols >= 0
            cols = cols[known]
            return rows[known], cols, vals[known] / self.scale[cols] * self.weight
        rows_all, cols_all = self._all_columns(sentences)
        if not len(cols_all):
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        width = len(self.vocabulary)
        keys, counts = np.unique(rows_all * width + cols_all, return_counts=True)
        rows_a, cols_a = keys // width, keys % width
        tf = counts.astype(np.float64)
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        vals = tf * self.idf[cols_a]
        norms = np.sqrt(np.bincount(rows_a, weights=vals * vals, minlength=len(sentences)))
        return rows_a, cols_a, vals * (self.weight / norms[rows_a])


class LinearModel:
    """A multinomial linear classifier over :class:`Block` features.

    ``predict_proba`` returns calibrated probabilities under the label priors expected in
    real letters: logits are divided by the fitted ``temperature`` and shifted by ``bias``
    (the log prior ratio plus the decision offsets chosen on the dev split).
    """

    def __init__(self, labels: Sequence[str], blocks: list[Block], coef: np.ndarray,
                 intercept: np.ndarray, temperature: float = 1.0,
                 bias: np.ndarray | None = None, info: dict | None = None) -> None:
        self.labels = list(labels)
        self.blocks = blocks
        self.coef = coef
        self.intercept = intercept
        self.temperature = float(temperature)
        self.bias = np.zeros(len(self.labels)) if bias is None else bias
        self.info = info or {}
        self._offsets = np.cumsum([0] + [len(b.vocabulary) for b in blocks])
        self._coef_t = np.ascontiguousarray(coef.T)  # one contiguous row of label weights per feature

    @property
    def n_features(self) -> int:
        return int(self._offsets[-1])

    def decision_function(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """Raw logits (before temperature and bias), one row per tokenised sentence."""
        scores = np.tile(self.intercept, (len(sentences), 1))
        for block, offset in zip(self.blocks, self._offsets):
            rows, cols, vals = block.entries(sentences)
            if len(rows):
                # Rows come sorted, so each sentence's contributions are one contiguous run.
                contributions = self._coef_t[cols + int(offset)] * vals[:, None]
                starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
                scores[rows[starts]] += np.add.reduceat(contributions, starts, axis=0)
        return scores

    def predict_proba(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """Calibrated, prior-corrected probabilities; columns follow :attr:`labels`."""
        return softmax(self.decision_function(sentences) / self.temperature + self.bias)

    # Persistence -----------------------------------------------------------------------

    def to_parts(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The model as a JSON-able description and a dict of named arrays."""
        arrays = {"coef": self.coef, "intercept": self.intercept, "bias": self.bias}
        spec = []
        for block in self.blocks:
            vocab = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
            spec.append({"name": block.name, "kind": block.kind, "analyzer": block.analyzer,
                         "params": block.params, "weight": block.weight,
                         "sublinear_tf": block.sublinear_tf, "vocabulary": vocab})
            if block.idf is not None:
                arrays[f"{block.name}.idf"] = block.idf
            if block.scale is not None:
                arrays[f"{block.name}.scale"] = block.scale
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, "labels": self.labels,
                    "temperature": self.temperature, "info": self.info, "blocks": spec}
        return document, arrays

    @classmethod
    def from_parts(cls, document: object, arrays: dict[str, np.ndarray], where: str | Path) -> LinearModel:
        """Rebuild a model from :meth:`to_parts` output, checking everything."""
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise errors.ModelError(where, "not a commitnlp model (unknown format)")
        if document.get("format_version") != FORMAT_VERSION:
            raise errors.ModelError(where, f"model format version {document.get('format_version')} is not supported (expected {FORMAT_VERSION})")
        try:
            blocks = []
            for spec in document["blocks"]:
                if spec["analyzer"] not in ANALYZERS or spec["kind"] not in ("tfidf", "dict"):
                    raise ValueError(f"unknown feature block {spec['analyzer']!r}")
                blocks.append(Block(
                    name=spec["name"], kind=spec["kind"], analyzer=spec["analyzer"],
                    params=dict(spec.get("params", {})), weight=float(spec["weight"]),
                    sublinear_tf=bool(spec.get("sublinear_tf", True)),
                    vocabulary={gram: i for i, gram in enumerate(spec["vocabulary"])},
                    idf=arrays.get(f"{spec['name']}.idf"), scale=arrays.get(f"{spec['name']}.scale")))
            model = cls(document["labels"], blocks, arrays["coef"], arrays["intercept"],
                        document.get("temperature", 1.0), arrays.get("bias"), document.get("info"))
            _check_shapes(model)
        except (KeyError, TypeError, ValueError) as err:
            raise errors.ModelError(where, f"damaged model ({err})") from None
        return model

    def to_bytes(self) -> bytes:
        """The model as bytes: a length-prefixed JSON description, then an ``.npz`` archive."""
        document, arrays = self.to_parts()
        head = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return len(head).to_bytes(8, "little") + head + buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "<bytes>") -> LinearModel:
        """Inverse of :meth:`to_bytes`; never unpickles."""
        try:
            size = int.from_bytes(data[:8], "little")
            document = json.loads(data[8:8 + size].decode("utf-8"))
            with np.load(io.BytesIO(data[8 + size:]), allow_pickle=False) as npz:
                arrays = {key: npz[key] for key in npz.files}
        except (ValueError, UnicodeDecodeError, OSError, EOFError, zipfile.BadZipFile) as err:
            raise errors.ModelError(where, f"damaged model bytes ({err})") from None
        return cls.from_parts(document, arrays, where)

    def to_disk(self, path: str | Path) -> None:
        """Write ``model.json`` and ``weights.npz`` into the directory ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        document, arrays = self.to_parts()
        with open(path / MODEL_FILE, "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False, separators=(",", ":"))
        with open(path / WEIGHTS_FILE, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def from_disk(cls, path: str | Path) -> LinearModel:
        """Load a model written by :meth:`to_disk`; refuse anything else with a :class:`ModelError`."""
        path = Path(path)
        if not path.is_dir():
            raise errors.ModelError(path, "the model directory is missing")
        unsafe = sorted(p.name for p in path.iterdir() if p.suffix.lower() in _UNSAFE_SUFFIXES)
        if unsafe:
            raise errors.ModelError(path, f"refusing to load {unsafe[0]}: commitnlp models are plain arrays and JSON, never pickles")
        try:
            with open(path / MODEL_FILE, encoding="utf-8") as fh:
                document = json.load(fh)
        except FileNotFoundError:
            raise errors.ModelError(path, f"no {MODEL_FILE}: not a commitnlp model directory") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise errors.ModelError(path / MODEL_FILE, f"damaged model description ({err})") from None
        try:
            with np.load(path / WEIGHTS_FILE, allow_pickle=False) as npz:
                arrays = {key: npz[key] for key in npz.files}
        except FileNotFoundError:
            raise errors.ModelError(path, f"no {WEIGHTS_FILE}: the model directory is incomplete") from None
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
            raise errors.ModelError(path / WEIGHTS_FILE, f"damaged weights ({err})") from None
        return cls.from_parts(document, arrays, path)


def _check_shapes(model: LinearModel) -> None:
    n_labels = len(model.labels)
    if model.coef.shape != (n_labels, model.n_features):
        raise ValueError(f"weights have shape {model.coef.shape}, expected {(n_labels, model.n_features)}")
    if model.intercept.shape != (n_labels,) or model.bias.shape != (n_labels,):
        raise ValueError("intercept or bias does not match the labels")
    for block in model.blocks:
        needed = block.idf if block.kind == "tfidf" else block.scale
        if needed is None or needed.shape != (len(block.vocabulary),):
            raise ValueError(f"block {block.name!r} is missing its {'idf' if block.kind == 'tfidf' else 'scale'} array")


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
