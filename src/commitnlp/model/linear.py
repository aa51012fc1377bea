"""The trained classifier as plain arrays and JSON, and the numpy code that scores with it.

Training happens in scikit-learn (:mod:`commitnlp.model.train`), but scoring a letter must
not import scikit-learn: on this machine importing it takes longer than starting spaCy.
A fitted model (TF-IDF word, character and pattern n-grams, scaled cue features,
multinomial logistic regression) is a handful of vocabularies and weight arrays, so it is
exported as exactly that and applied here with numpy. :func:`commitnlp.model.train.export` writes it;
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

_SEQUENCES = {
    # analyzer -> (the words its n-grams are taken from, n-gram sizes, edge-marker unigrams?),
    # from the analyzer's parameters as the model stores them
    "word_ngrams": lambda max_n: (features.word_sequence, range(1, max_n + 1), False),
    "pattern_ngrams": lambda min_n, max_n: (features.pattern_sequence, range(min_n, max_n + 1), True),
}


_TABLE_AFTER = 2_000
_MAX_CACHED_TOKENS = 500_000


class _NgramTable:
    """A word n-gram vocabulary as sorted integer keys, so a batch is looked up in numpy.

    Each word of the vocabulary gets an id; an n-gram's key is its ids read as digits in base
    ``len(ids)``. The sentences of a batch become one id array, every window of size n one
    key, and ``searchsorted`` finds the columns: the same columns as joining the n-gram
    strings and looking them up one by one (a test checks it), without building the strings.
    """

    def __init__(self, ids: dict[str, int], grams: list[tuple[list[str], int]], sizes: range) -> None:
        self.ids = ids
        self.base = max(len(ids), 1)
        self.tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in sizes:
            pairs = sorted((self._key([ids[w] for w in words]), col) for words, col in grams if len(words) == n)
            self.tables[n] = (np.array([k for k, _ in pairs], dtype=np.int64), np.array([c for _, c in pairs], dtype=np.int64))

    @classmethod
    def build(cls, vocabulary: dict[str, int], sizes: range) -> _NgramTable | None:
        """The table for ``vocabulary``, or None if its largest key would not fit in 63 bits."""
        grams = [(gram.split(" "), col) for gram, col in vocabulary.items()]
        ids: dict[str, int] = {}
        for words, _ in grams:
            for word in words:
                ids.setdefault(word, len(ids))
        if max(len(ids), 2) ** max(sizes, default=1) >= 2 ** 62:
            return None
        return cls(ids, grams, sizes)

    def _key(self, ids: list[int]) -> int:
        key = 0
        for i in ids:
            key = key * self.base + i
        return key

    def lookup(self, sequences: list[list[str]], edge_unigrams: bool) -> tuple[np.ndarray, np.ndarray]:
        lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
        flat = np.fromiter(map(self.ids.get, itertools.chain.from_iterable(sequences), itertools.repeat(-1)),
                           dtype=np.int64, count=int(lengths.sum()))
        sentence = np.repeat(np.arange(len(sequences), dtype=np.int64), lengths)
        position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        known = flat >= 0
        rows, cols = [], []
        for n, (keys, columns) in self.tables.items():
            m = len(flat) - n + 1
            if m <= 0 or not len(keys):
                continue
            key = flat[:m].copy()
            valid = known[:m] & (sentence[:m] == sentence[n - 1:n - 1 + m])
            for k in range(1, n):
                key = key * self.base + flat[k:k + m]
                valid &= known[k:k + m]
            if n == 1 and not edge_unigrams:
                valid &= (position[:m] > 0) & (position[:m] < lengths[sentence[:m]] - 1)
            key, where = key[valid], sentence[:m][valid]
            found = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = keys[found] == key
            rows.append(where[hit])
            cols.append(columns[found[hit]])
        if not rows:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return np.concatenate(rows), np.concatenate(cols)


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
        self._table: _NgramTable | None = None
        self._seen: int | None = 0  # sentences scored so far (None once the table was tried)
        self._forget_tokens()

    def _forget_tokens(self) -> None:
        """Reset the per-word cache of character n-gram columns (ragged: one flat array)."""
        self._token_ids: dict[str, int] = {}
        self._flat = np.empty(0, np.int64)
        self._starts = np.empty(0, np.int64)
        self._lengths = np.empty(0, np.int64)

    def _learn_tokens(self, tokens: list[str]) -> None:
        """Add the character n-gram columns of words not seen before (they never cross a word
        boundary, so a word's columns are the same in every sentence)."""
        unique = set(tokens)
        new = [t for t in unique if t not in self._token_ids]
        if not new:
            return
        if len(self._token_ids) + len(new) > _MAX_CACHED_TOKENS:
            self._forget_tokens()
            new = list(unique)
        vocab = self.vocabulary
        arrays = [np.fromiter((c for gram in features.char_ngrams([token], **self.params)
                               if (c := vocab.get(gram)) is not None), dtype=np.int64) for token in new]
        lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
        self._starts = np.concatenate([self._starts, len(self._flat) + np.cumsum(lengths) - lengths])
        self._lengths = np.concatenate([self._lengths, lengths])
        self._flat = np.concatenate([self._flat, *arrays])
        first = len(self._token_ids)
        self._token_ids.update(zip(new, range(first, first + len(new))))

    def _char_columns(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        tokens = list(itertools.chain.from_iterable(sentences))
        self._learn_tokens(tokens)
        ids = np.fromiter(map(self._token_ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        lengths = self._lengths[ids]
        total = int(lengths.sum())
        offsets = np.repeat(self._starts[ids] - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        token_rows = np.repeat(np.arange(len(sentences), dtype=np.int64), list(map(len, sentences)))
        return np.repeat(token_rows, lengths), self._flat[offsets]

    def _ngram_table(self, batch: int) -> _NgramTable | None:
        """The numpy lookup table, built (about a second) once this block has scored a few
        thousand sentences; one letter is quicker looked up string by string."""
        if self._seen is not None and self.analyzer in _SEQUENCES:
            self._seen += batch
            if self._seen >= _TABLE_AFTER:
                _, sizes, _ = _SEQUENCES[self.analyzer](**self.params)
                self._table, self._seen = _NgramTable.build(self.vocabulary, sizes), None
        return self._table

    def _all_columns(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every known n-gram occurrence in a batch (the scorer's hot loop)."""
        if self.analyzer == "char_ngrams":
            return self._char_columns(sentences)
        if (table := self._ngram_table(len(sentences))) is not None:
            sequence, _, edge_unigrams = _SEQUENCES[self.analyzer](**self.params)
            return table.lookup([sequence(sentence) for sentence in sentences], edge_unigrams)
        # Every n-gram is looked up in C (map over dict.get), unknown ones as -1.
        analyzer, params = ANALYZERS[self.analyzer], self.params
        grams = [analyzer(sentence, **params) for sentence in sentences]
        lengths = list(map(len, grams))
        cols = np.fromiter(map(self.vocabulary.get, itertools.chain.from_iterable(grams), itertools.repeat(-1)),
                           dtype=np.int64, count=sum(lengths))
        rows = np.repeat(np.arange(len(sentences), dtype=np.int64), lengths)
        known = cols >= 0
        return rows[known], cols[known]

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

    ``predict_proba`` returns calibrated probabilities: logits are divided by the fitted
    ``temperature`` and shifted by ``bias`` (zero unless the model was trained with
    ``--prior-shift``: then the log ratio of real-letter to corpus priors plus offsets chosen
    on the dev split).
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
