"""Choose the classifier's hyperparameters by cross-validation grouped by document.

Runs on the corpus train split only (dev and test are never seen) and writes every
configuration's out-of-fold macro-F1 to ``benchmarks/results/search.json``. The best one
becomes the defaults of :class:`commitnlp.model.train.TrainConfig`.

    python benchmarks/search.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import product
from pathlib import Path

GRID = {"C": [0.5, 1.0, 2.0, 4.0, 8.0], "cue_weight": [0.5, 1.0], "char_weight": [0.5, 1.0]}
OUT = Path(__file__).parent / "results" / "search.json"


def _data():
    from commitnlp.corpus.load import load_records
    from commitnlp.paths import base_corpus_dir
    from commitnlp.training import tokenize

    rows = [r for r in load_records([base_corpus_dir()], split="train") if r.role == "response"]
    return tokenize([r.text for r in rows]), [r.label for r in rows], [r.doc_id for r in rows]


def evaluate(values: dict) -> dict:
    from commitnlp.labels import LABELS
    from commitnlp.model.metrics import classification_report
    from commitnlp.model.train import TrainConfig, out_of_fold_logits

    X, y, groups = _data()
    started = time.perf_counter()
    logits = out_of_fold_logits(TrainConfig(**values), X, y, groups)
    report = classification_report(y, [LABELS[i] for i in logits.argmax(axis=1)])
    return {**values, "macro_f1": round(report["macro_f1"], 4), "accuracy": round(report["accuracy"], 4),
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    configs = [dict(zip(GRID, values)) for values in product(*GRID.values())]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(evaluate, configs))
    results.sort(key=lambda r: -r["macro_f1"])
    OUT.write_text(json.dumps({"grouping": "document", "folds": 5, "split": "train", "results": results}, indent=1) + "\n")
    for r in results:
        print(r)


if __name__ == "__main__":
    main()
