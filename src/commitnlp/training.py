"""``commitnlp train``: from corpus directories to a new, evaluated model directory.

Steps (each announced through ``progress``): load and validate the shipped corpus and the
user's corrections; let user labels win where the two disagree and weight them so that a
few hundred corrections matter; tokenise; cross-validate by document; fit, calibrate and
prior-correct; evaluate the new model and the current one on the same held-out documents;
write the model directory atomically (a temporary sibling, then a rename), never over an
existing directory unless ``force`` is set.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import errors
from .corpus.load import corpus_files, load_records, read_splits
from .corpus.records import Record, text_key
from .labels import LABELS
from .model.metrics import classification_report, expected_calibration_error
from .model.train import TrainConfig, train
from .paths import base_corpus_dir

Progress = Callable[[str], None]


@dataclass
class TrainingData:
    """Tokenised training and evaluation sentences, with where they came from."""

    X: list = field(default_factory=list)
    y: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    X_dev: list = field(default_factory=list)
    y_dev: list[str] = field(default_factory=list)
    X_test: list = field(default_factory=list)
    y_test: list[str] = field(default_factory=list)
    user_rows: int = 0
    overridden: int = 0
    files: list[str] = field(default_factory=list)
    sha256: str = ""


def tokenize(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Tokenise sentences exactly as the pipeline does at scoring time."""
    import spacy

    from .components.extensions import sentence_tokens

    tokenizer = spacy.blank("en").tokenizer
    return [sentence_tokens(doc) for doc in tokenizer.pipe(texts)]


def corpus_hash(files: Sequence[Path]) -> str:
    """SHA-256 over the corpus files' names and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def gather(user_dirs: Sequence[str | Path], base: bool, user_weight: float,
           progress: Progress | None = None) -> TrainingData:
    """Load the corpora and assemble training data; user labels override the base corpus."""
    say = progress or (lambda message: None)
    say("loading and checking the corpus")
    data = TrainingData()
    user: list[Record] = load_records(user_dirs) if user_dirs else []
    files = corpus_files(user_dirs) if user_dirs else []
    base_rows: list[Record] = []
    assignment: dict[str, str] = {}
    if base:
        base_dir = base_corpus_dir()
        base_rows = load_records([base_dir])
        assignment = read_splits([base_dir])
        files += corpus_files([base_dir])
    if not user and not base_rows:
        raise errors.CorpusError(None, "nothing to train on: give --corpus DIR or use --base")
    corrected = {text_key(r.text): r for r in user if r.role == "response"}
    train_rows: list[tuple[Record, float]] = []
    for record in base_rows:
        if record.role != "response":
            continue
        split = assignment.get(record.doc_id, "train")
        if text_key(record.text) in corrected:
            data.overridden += 1
            continue
        if split == "train":
            train_rows.append((record, 1.0))
        elif split == "dev":
            data.y_dev.append(record.label)
            data.X_dev.append(record.text)
        else:
            data.y_test.append(record.label)
            data.X_test.append(record.text)
    for record in corrected.values():
        train_rows.append((record, user_weight))
    data.user_rows = len(corrected)
    missing = [label for label in LABELS if label not in {r.label for r, _ in train_rows}]
    if missing or len({r.doc_id for r, _ in train_rows}) < 2:
        raise errors.CorpusError(None, "too little to train on: every label needs examples from at least two documents"
                                 + (f" (no {', '.join(missing)} sentences)" if missing else "") + "; add --base or more corrections")
    say(f"tokenising {len(train_rows) + len(data.X_dev) + len(data.X_test):,} sentences")
    # One tokenizer for every split: a fresh one per split would rebuild the same lexemes.
    n_train, n_dev = len(train_rows), len(data.X_dev)
    tokens = tokenize([r.text for r, _ in train_rows] + data.X_dev + data.X_test)
    data.X, data.X_dev, data.X_test = tokens[:n_train], tokens[n_train:n_train + n_dev], tokens[n_train + n_dev:]
    data.y = [r.label for r, _ in train_rows]
    data.groups = [r.doc_id for r, _ in train_rows]
    data.weights = [w for _, w in train_rows]
    data.files = [str(f) for f in files]
    data.sha256 = corpus_hash(files)
    return data


def evaluate_model(model, X: list, y: list[str]) -> dict:
    """Report plus calibration error for a :class:`LinearModel` on tokenised sentences."""
    if not X:
        return {}
    probs = model.predict_proba(X)
    predicted = [LABELS[i] for i in probs.argmax(axis=1)]
    report = classification_report(y, predicted)
    report["ece"] = expected_calibration_error(probs.max(axis=1).tolist(), [p == g for p, g in zip(predicted, y)])
    return report


def write_model_dir(nlp, out: Path, force: bool) -> None:
    """Save ``nlp`` to ``out`` atomically; an existing ``out`` is replaced only with ``force``.

    The model is written to a temporary directory next to ``out`` and renamed into place,
    so an interrupted save leaves the previous model exactly as it was.
    """
    out = Path(out)
    if out.exists() and not force:
        raise errors.OutputError(out, "already exists; choose another --out or pass --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if out.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, backup / out.name)
            os.replace(staging, out)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build_nlp(model, meta: dict):
    """A fresh spaCy pipeline (structure + classifier) around a trained model."""
    import spacy

    from .components import classifier, structure  # noqa: F401 - registers the factories

    nlp = spacy.blank("en")
    nlp.add_pipe("letter_structure")
    nlp.add_pipe("commitment_classifier").initialize(model=model)
    nlp.meta.update(meta)
    return nlp


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("commitnlp", "spacy", "scikit-learn", "numpy", "datasets"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def run(out: str | Path, user_dirs: Sequence[str | Path] = (), base: bool = True,
        config: TrainConfig | None = None, user_weight: float = 3.0, force: bool = False,
        current: str | Path | None = None, extra_eval: dict[str, tuple[list[str], list[str]]] | None = None,
        progress: Progress | None = None) -> dict:
    """Train, compare with the current model and write ``out``; return the figures.

    ``extra_eval`` maps a name to (texts, labels) evaluated and recorded in ``meta.json``
    (the shipped model records the real letters of ``../shared/realdev`` this way).
    """
    say = progress or (lambda message: None)
    started = time.time()
    out = Path(out)
    if out.exists() and not force:
        raise errors.OutputError(out, "already exists; choose another --out or pass --force to replace it")
    config = config or TrainConfig()
    data = gather(user_dirs, base, user_weight, progress)
    result = train(data.X, data.y, data.groups, config, X_dev=data.X_dev or None, y_dev=data.y_dev or None,
                   sample_weight=np.asarray(data.weights), progress=progress)
    model = result.model
    say("evaluating")
    metrics = {"cross_validation": result.report["cross_validation"]}
    if data.X_dev:
        metrics["dev"] = evaluate_model(model, data.X_dev, data.y_dev)
    if data.X_test:
        metrics["test"] = evaluate_model(model, data.X_test, data.y_test)
    for name, (texts, labels) in (extra_eval or {}).items():
        metrics[name] = evaluate_model(model, tokenize(texts), labels)
    comparison = compare_with_current(model, data, current)
    info = {
        "training_data_sha256": data.sha256,
        "training_files": len(data.files),
        "train_sentences": len(data.y),
        "user_sentences": data.user_rows,
        "base_overridden_by_user": data.overridden,
        "label_counts": {label: data.y.count(label) for label in LABELS},
        "config": config.to_json(),
        "temperature": model.temperature,
        "bias": dict(zip(LABELS, map(float, model.bias))),
        "metrics": _strip(metrics),
        "comparison": comparison,
        "library_versions": library_versions(),
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "training_seconds": round(time.time() - started, 1),
    }
    model.info = {"training_data_sha256": data.sha256}
    meta = {"name": "commitnlp_default" if base and not user_dirs else "commitnlp_custom",
            "version": "0.1.0", "description": "Commitment strength in response letters (commitnlp)",
            "labels": {"commitment_classifier": list(LABELS)}, "commitnlp": info}
    nlp = build_nlp(model, meta)
    say(f"writing {out}")
    write_model_dir(nlp, out, force)
    return {"metrics": metrics, "comparison": comparison, "info": info, "out": str(out)}


def compare_with_current(model, data: TrainingData, current: str | Path | None) -> dict | None:
    """The new and current models' figures on the held-out test documents, side by side."""
    if current is None or not data.X_test:
        return None
    from .pipeline import load

    try:
        current_model = load(current).get_pipe("commitment_classifier").model
    except errors.ModelError:
        return None
    return {"held_out": "corpus test split",
            "new": _strip(evaluate_model(model, data.X_test, data.y_test)),
            "current": _strip(evaluate_model(current_model, data.X_test, data.y_test))}


def _strip(report: dict) -> dict:
    """Round floats for meta.json (it is read by people too)."""
    return json.loads(json.dumps(report), parse_float=lambda v: round(float(v), 4))
