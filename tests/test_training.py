"""Training: the shipped model is reproducible from the shipped corpus, and writes are safe."""

from __future__ import annotations

import numpy as np
import pytest

from commitnlp import errors, training
from commitnlp.corpus.load import load_records
from commitnlp.evaluation import classify_texts
from commitnlp.model.train import TrainConfig
from commitnlp.paths import base_corpus_dir


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model(nlp, tmp_path):
    config = TrainConfig(**nlp.meta["commitnlp"]["config"])
    training.run(tmp_path / "retrained", base=True, config=config, current=None)
    import commitnlp

    retrained = commitnlp.load(tmp_path / "retrained")
    test_texts = [r.text for r in load_records([base_corpus_dir()], split="test") if r.role == "response"]
    assert len(test_texts) > 500
    shipped, again = classify_texts(nlp, test_texts), classify_texts(retrained, test_texts)
    assert (shipped.argmax(axis=1) == again.argmax(axis=1)).all()
    assert np.allclose(shipped, again, atol=1e-6)
    assert retrained.meta["commitnlp"]["training_data_sha256"] == nlp.meta["commitnlp"]["training_data_sha256"]


def test_write_model_dir_refuses_to_overwrite_and_is_atomic(nlp, tmp_path, monkeypatch):
    out = tmp_path / "model"
    out.mkdir()
    (out / "keep.txt").write_text("previous model")
    with pytest.raises(errors.OutputError, match="already exists"):
        training.write_model_dir(nlp, out, force=False)

    def broken_to_disk(path, **kwargs):
        (path / "half-written").write_text("x")
        raise RuntimeError("disk full")

    monkeypatch.setattr(nlp, "to_disk", broken_to_disk)
    with pytest.raises(RuntimeError):
        training.write_model_dir(nlp, out, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
    assert (out / "keep.txt").read_text() == "previous model"
