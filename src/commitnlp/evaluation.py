"""``commitnlp evaluate``: how well a model labels sentences someone has labelled by hand.

Gold files are JSONL rows with at least ``text`` and ``label``: the corpus format, the
``score --format jsonl`` output with corrected labels, or the real-letter files of
``../shared/realdev`` (structure rows and rows marked ``split_issue`` are left out, since
they are not clean response sentences).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from . import errors
from .labels import LABELS
from .model.metrics import classification_report, expected_calibration_error


def read_gold(paths: Sequence[str | Path]) -> tuple[list[dict], int]:
    """Rows to evaluate on, and how many were left out (structure, split issues, no label)."""
    rows, skipped = [], 0
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise errors.InputError(path, errors.MISSING)
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise errors.InputError(path, f"cannot be read as UTF-8 JSONL ({err})") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise errors.InputError(f"{path}:{number}", f"not valid JSON ({err.msg})") from None
            if not isinstance(row, dict) or "text" not in row or "label" not in row:
                raise errors.InputError(f"{path}:{number}", "each row needs 'text' and 'label'")
            if row.get("role", "response") != "response" or row.get("split_issue") or row["label"] is None:
                skipped += 1
                continue
            if row["label"] not in LABELS:
                raise errors.InputError(f"{path}:{number}", f"unknown label {row['label']!r} (expected one of {', '.join(LABELS)})")
            rows.append(row)
    if not rows:
        raise errors.InputError(", ".join(map(str, paths)), "no labelled response sentences to evaluate on")
    return rows, skipped


def classify_texts(nlp, texts: Sequence[str]):
    """Probabilities for standalone sentences, tokenised as the pipeline tokenises them."""
    from .components.extensions import sentence_tokens

    model = nlp.get_pipe("commitment_classifier").model
    tokens = [sentence_tokens(doc) for doc in nlp.tokenizer.pipe(texts)]
    return model.predict_proba(tokens)


def evaluate(nlp, rows: Sequence[dict]) -> tuple[dict, list[dict]]:
    """The report and, per row, the prediction and scores."""
    probs = classify_texts(nlp, [row["text"] for row in rows])
    labels = nlp.get_pipe("commitment_classifier").labels
    predicted = [labels[i] for i in probs.argmax(axis=1)]
    report = classification_report([row["label"] for row in rows], predicted)
    report["ece"] = expected_calibration_error(probs.max(axis=1).tolist(),
                                               [p == row["label"] for p, row in zip(predicted, rows)])
    out = [{**row, "predicted": p, "scores": {label: round(float(v), 4) for label, v in zip(labels, pr)}}
           for row, p, pr in zip(rows, predicted, probs)]
    return report, out


def format_report(report: dict) -> str:
    """The report as a plain-text table."""
    lines = [f"sentences: {report['n']}   accuracy: {report['accuracy']:.3f}   macro-F1: {report['macro_f1']:.3f}"
             + (f"   calibration error: {report['ece']:.3f}" if "ece" in report else ""),
             "", f"{'label':<9}{'precision':>10}{'recall':>9}{'F1':>8}{'support':>9}"]
    for label, m in report["per_label"].items():
        lines.append(f"{label:<9}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['f1']:>8.3f}{m['support']:>9}")
    lines += ["", "confusion (rows: gold, columns: predicted)", " " * 9 + "".join(f"{lab[:7]:>9}" for lab in report["labels"])]
    for label, row in zip(report["labels"], report["confusion"]):
        lines.append(f"{label:<9}" + "".join(f"{v:>9}" for v in row))
    return "\n".join(lines) + "\n"
