"""Shared helpers for the benchmark scripts: data, the quick training path, result files."""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
REALDEV = ROOT.parent / "shared" / "realdev"
sys.path.insert(0, str(ROOT / "src"))


def machine() -> str:
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"


def save(name: str, payload: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    payload = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "command": " ".join(sys.argv), **payload}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=1) + "\n")


def corpus(split: str | None = None):
    """Response rows of the shipped corpus (one split, or all)."""
    from commitnlp.corpus.load import load_records
    from commitnlp.paths import base_corpus_dir

    return [r for r in load_records([base_corpus_dir()], split=split) if r.role == "response"]


def realdev():
    """Gold response sentences of the real letters (split issues left out), or [] if absent."""
    from commitnlp.evaluation import read_gold

    if not REALDEV.is_dir():
        return []
    rows, _ = read_gold([REALDEV])
    return rows


def quick_model(texts, labels):
    """The shipped configuration fitted once, without calibration.

    Used where many models are trained (cross-responder, learning curve): it measures how the
    features and estimator generalise, and costs one fit instead of six.
    """
    from commitnlp.model.train import TrainConfig, _fit, export
    from commitnlp.training import tokenize

    config = TrainConfig()
    return export(_fit(config, tokenize(texts), labels, None))


def predict(model, texts):
    from commitnlp.labels import LABELS
    from commitnlp.training import tokenize

    return [LABELS[i] for i in model.predict_proba(tokenize(texts)).argmax(axis=1)]


def f1_row(report: dict) -> dict:
    return {"macro_f1": round(report["macro_f1"], 3),
            **{label: round(m["f1"], 3) for label, m in report["per_label"].items()}}
