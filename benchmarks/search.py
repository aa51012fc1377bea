"""Choose the classifier's hyperparameters by cross-validation grouped by document.

Runs on the corpus train split only (dev and test are never seen) and writes every
configuration's out-of-fold macro-F1 to ``benchmarks/results/search-<grid>-<grouping>.json``. The best one
becomes the defaults of :class:`commitnlp.model.train.TrainConfig`. An earlier, wider run
(C from 0.5 to 8) found lower C always worse, so the grid starts at 2.

    python benchmarks/search.py [--jobs 2] [--grouping document|writer] [--grid main|patterns|recheck]
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import product
from pathlib import Path

GRIDS = {
    "main": {"C": [2.0, 4.0, 8.0, 16.0], "cue_weight": [0.5, 1.0], "char_weight": [0.5, 1.0], "pattern_weight": [0.0]},
    # The pattern block (topic words masked) was added after the main search; its weight is
    # searched with the main grid's best setting held fixed.
    "patterns": {"C": [8.0], "cue_weight": [0.5], "char_weight": [0.5], "pattern_weight": [0.0, 0.5, 1.0, 2.0, 3.0]},
    # Rechecked around the chosen setting whenever the corpus grows.
    "recheck": {"C": [8.0, 16.0, 32.0], "cue_weight": [0.125, 0.25, 0.5, 1.0], "char_weight": [0.5], "pattern_weight": [1.0]},
}
OUT = Path(__file__).parent / "results" / "search.json"
FOLDS = 5
"""Folds of the search (a retrain uses three: the search has the time for more)."""


def _batch(doc_id: str) -> str:
    """The writer batch of a corpus document ("b07-..." -> "b07"): one writer wrote each batch."""
    return doc_id.split("-", 1)[0]


def _data(grouping: str):
    from commitnlp.corpus.load import load_records
    from commitnlp.paths import base_corpus_dir
    from commitnlp.training import tokenize

    rows = [r for r in load_records([base_corpus_dir()], split="train") if r.role == "response"]
    groups = [r.doc_id if grouping == "document" else _batch(r.doc_id) for r in rows]
    return tokenize([r.text for r in rows]), [r.label for r in rows], groups


def evaluate(values: dict, grouping: str = "document") -> dict:
    from commitnlp.labels import LABELS
    from commitnlp.model.metrics import classification_report
    from commitnlp.model.train import TrainConfig, out_of_fold_logits

    X, y, groups = _data(grouping)
    started = time.perf_counter()
    logits = out_of_fold_logits(TrainConfig(**values, folds=FOLDS), X, y, groups)
    report = classification_report(y, [LABELS[i] for i in logits.argmax(axis=1)])
    return {**values, "macro_f1": round(report["macro_f1"], 4), "accuracy": round(report["accuracy"], 4),
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--grouping", choices=["document", "writer"], default="document",
                        help="folds grouped by document, or by writer batch (stricter: no writer on both sides)")
    parser.add_argument("--grid", choices=list(GRIDS), default="main")
    args = parser.parse_args()
    grid = GRIDS[args.grid]
    configs = [dict(zip(grid, values)) for values in product(*grid.values())]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(evaluate, configs, [args.grouping] * len(configs)))
    results.sort(key=lambda r: -r["macro_f1"])
    out = OUT.with_name(f"search-{args.grid}-{args.grouping}.json")
    out.write_text(json.dumps({"grid": args.grid, "grouping": args.grouping, "folds": FOLDS, "split": "train",
                               "results": results}, indent=1) + "\n")
    for r in results:
        print(r)


if __name__ == "__main__":
    main()
