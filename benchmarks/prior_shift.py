"""Does correcting for the label mix of real letters help? A register-shift experiment.

Real letters are mostly background (60-80% NONE) and refusals are rare, while the corpus
is richer in commitments. The textbook correction adds the log-ratio of the expected
priors to the logits (optionally with per-label offsets chosen on dev). This script tests
it without touching real letters: it trains on the train-split documents of batches 1-12
(written to the balanced profiles) and tests on every document of batches 13 and later (written
to the "real-letter" profile, 55-65% NONE, few refusals, firm commitments mostly undated,
and to the "guide-rules" profile).

    python benchmarks/prior_shift.py

Writes ``results/prior_shift.json``.
"""

from __future__ import annotations

from common import corpus, f1_row, save


def main() -> None:
    import numpy as np

    from commitnlp.corpus.load import read_splits
    from commitnlp.labels import LABELS
    from commitnlp.model.linear import softmax
    from commitnlp.model.metrics import classification_report
    from commitnlp.model.train import TrainConfig, _fit, choose_offsets, export, prior_log_ratio, prior_weights
    from commitnlp.paths import base_corpus_dir
    from commitnlp.training import tokenize

    splits = read_splits([base_corpus_dir()])
    rows = corpus()
    later = lambda r: int(r.doc_id[1:3]) >= 13  # noqa: E731 - batch number from the doc id
    train = [r for r in rows if not later(r) and splits[r.doc_id] == "train"]
    dev = [r for r in rows if not later(r) and splits[r.doc_id] == "dev"]
    test = [r for r in rows if later(r)]
    config = TrainConfig()
    y, y_dev, y_test = [r.label for r in train], [r.label for r in dev], [r.label for r in test]
    model = export(_fit(config, tokenize([r.text for r in train]), y, None))
    dev_logits = model.decision_function(tokenize([r.text for r in dev]))
    test_logits = model.decision_function(tokenize([r.text for r in test]))
    shift = prior_log_ratio(TrainConfig(prior_shift=True), y)
    offsets = choose_offsets(softmax(dev_logits + shift), y_dev, prior_weights(config, y_dev))
    variants = {"no correction (shipped)": np.zeros(len(LABELS)), "prior shift": shift,
                "prior shift + dev offsets": shift + offsets}
    results = {}
    for name, bias in variants.items():
        predicted = [LABELS[i] for i in (test_logits + bias).argmax(axis=1)]
        report = classification_report(y_test, predicted)
        results[name] = {**f1_row(report), **{f"{label}_precision": round(m["precision"], 3)
                                               for label, m in report["per_label"].items()}}
        print(name, results[name])
    mix = {label: round(y_test.count(label) / len(y_test), 3) for label in LABELS}
    save("prior_shift", {"train_sentences": len(y), "test_sentences": len(y_test), "test_label_mix": mix,
                         "variants": results})


if __name__ == "__main__":
    main()
