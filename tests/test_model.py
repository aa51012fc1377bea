"""The exported linear model: same numbers as scikit-learn, and a loader that trusts nothing."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from commitnlp import errors
from commitnlp.labels import LABELS
from commitnlp.model.linear import LinearModel
from commitnlp.model.train import TrainConfig, _classifier, _fit, export
from commitnlp.model.vectorise import SharedCounts, block_specs
from commitnlp.training import tokenize

SENTENCES = [
    ("We will publish the audit by 31 March.", "FIRM"), ("The Force accepts this recommendation.", "FIRM"),
    ("A liaison officer will be appointed for every school.", "FIRM"), ("We will recruit 40 call handlers.", "FIRM"),
    ("We will consider extending the scheme.", "VAGUE"), ("We will explore options with partners.", "VAGUE"),
    ("We accept this recommendation in principle.", "VAGUE"), ("We will keep the policy under review.", "VAGUE"),
    ("We do not accept this recommendation.", "REFUSAL"), ("We have no plans to reintroduce the unit.", "REFUSAL"),
    ("It would not be practicable to do this.", "REFUSAL"), ("The Department rejects this recommendation.", "REFUSAL"),
    ("The strategy was published in September.", "NONE"), ("Over 2,000 officers have completed the course.", "NONE"),
    ("Thank you for your letter of 3 May.", "NONE"), ("This will help to build confidence.", "NONE"),
]


UNSEEN = ["The Trust will audit every record by June.", "We are not persuaded that a register is needed."]


def reference_pipeline(config: TrainConfig):
    """The model written as a plain scikit-learn pipeline: the specification training must match."""
    from functools import partial

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

    from commitnlp.model.linear import ANALYZERS

    blocks, weights = [], {}
    for spec in block_specs(config):
        analyzer = partial(ANALYZERS[spec.analyzer], **spec.params)
        if spec.kind == "dict":
            step = Pipeline([("extract", FunctionTransformer(lambda xs, f=analyzer: [f(x) for x in xs])),
                             ("vectorise", DictVectorizer()), ("scale", MaxAbsScaler())])
        else:
            step = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=config.min_df)
        blocks.append((spec.name, step))
        weights[spec.name] = spec.weight
    return Pipeline([("features", FeatureUnion(blocks, transformer_weights=weights)), ("classify", _classifier(config))])


def reference_logits(pipeline, X) -> np.ndarray:
    classes = list(pipeline.classes_)
    return pipeline.decision_function(X)[:, [classes.index(label) for label in LABELS]]


@pytest.fixture(scope="module")
def fitted():
    X = tokenize([text for text, _ in SENTENCES]) * 2
    y = [label for _, label in SENTENCES] * 2
    config = TrainConfig(min_df=1, C=2.0)
    return reference_pipeline(config).fit(X, y), export(_fit(config, X, y, None)), X


def test_export_gives_the_same_logits_as_scikit_learn(fitted):
    reference, model, X = fitted
    for batch in (X, tokenize(UNSEEN)):
        assert np.allclose(model.decision_function(batch), reference_logits(reference, batch), atol=1e-9)


def test_counting_once_gives_scikit_learns_matrix_for_any_rows():
    """A cross-validation fold sliced from shared counts is the matrix scikit-learn fits on it."""
    X = tokenize([text for text, _ in SENTENCES] + UNSEEN + ["We will publish the audit and the review."])
    config = TrainConfig(min_df=2)
    counts = SharedCounts(block_specs(config), X, config.min_df)
    rows, held_out = np.arange(0, len(X), 2), np.arange(1, len(X), 2)
    learnt = counts.learn(rows)
    union = reference_pipeline(config).named_steps["features"].fit([X[i] for i in rows])
    for subset in (rows, held_out):
        expected = union.transform([X[i] for i in subset]).toarray()
        assert np.allclose(counts.matrix(learnt, subset).toarray(), expected, atol=1e-12)
    word_vocabulary = union.transformer_list[0][1].vocabulary_
    assert counts.blocks(learnt)[0].vocabulary == word_vocabulary


def test_probabilities_are_distributions(fitted):
    _, model, X = fitted
    probs = model.predict_proba(X + [()])
    assert probs.shape == (len(X) + 1, len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0) and (probs >= 0).all()


def test_disk_and_bytes_round_trip(fitted, tmp_path):
    _, model, X = fitted
    model.to_disk(tmp_path / "m")
    for loaded in (LinearModel.from_disk(tmp_path / "m"), LinearModel.from_bytes(model.to_bytes())):
        assert np.allclose(loaded.predict_proba(X), model.predict_proba(X))


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "model.json").write_text("{not json"), "damaged model description"),
    (lambda d: (d / "model.json").write_text(json.dumps({"format": "something-else"})), "not a commitnlp model"),
    (lambda d: (d / "weights.npz").unlink(), "incomplete"),
    (lambda d: (d / "weights.npz").write_bytes(b"PK\x03\x04garbage"), "damaged weights"),
    (lambda d: (d / "model.pkl").write_bytes(b"\x80\x04K\x01."), "refusing to load model.pkl"),
    (lambda d: (d / "model.json").unlink(), "not a commitnlp model directory"),
])
def test_damaged_or_unsafe_model_directories_are_refused(fitted, tmp_path, damage, message):
    _, model, _ = fitted
    model.to_disk(tmp_path / "m")
    damage(tmp_path / "m")
    with pytest.raises(errors.ModelError, match=message):
        LinearModel.from_disk(tmp_path / "m")


def test_weights_that_do_not_match_the_vocabulary_are_refused(fitted, tmp_path):
    _, model, _ = fitted
    model.to_disk(tmp_path / "m")
    arrays = dict(np.load(tmp_path / "m" / "weights.npz"))
    arrays["coef"] = arrays["coef"][:, :-3]
    np.savez(tmp_path / "m" / "weights.npz", **arrays)
    with pytest.raises(errors.ModelError, match="shape"):
        LinearModel.from_disk(tmp_path / "m")
    shutil.rmtree(tmp_path / "m")


def test_archive_lookup_table_gives_the_same_logits(fitted, monkeypatch):
    """Past a few thousand sentences, word and pattern n-grams are looked up in numpy."""
    import commitnlp.model.linear as linear

    reference, _, X = fitted
    unseen = tokenize([*UNSEEN, ""])
    expected = reference_logits(reference, X + unseen)
    monkeypatch.setattr(linear, "_TABLE_AFTER", 0)
    model = export(_fit(TrainConfig(min_df=1, C=2.0), X, [label for _, label in SENTENCES] * 2, None))
    assert np.allclose(model.decision_function(X + unseen), expected, atol=1e-9)
    assert all(block._table is not None for block in model.blocks if block.name in ("words", "patterns"))
