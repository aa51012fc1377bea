"""Classification metrics in plain Python, shared by training, ``evaluate`` and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

from ..labels import LABELS


def classification_report(gold: Sequence[str], predicted: Sequence[str],
                          labels: Sequence[str] = LABELS,
                          weights: Sequence[float] | None = None) -> dict:
    """Accuracy, macro-F1, per-label precision/recall/F1/support and the confusion matrix.

    ``weights`` (one per row) gives a weighted report, used to estimate scores under the
    label mix of real letters; ``support`` always counts rows.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    w = list(weights) if weights is not None else [1.0] * len(gold)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0.0] * len(labels) for _ in labels]
    support = [0] * len(labels)
    for g, p, weight in zip(gold, predicted, w):
        if g in index and p in index:
            matrix[index[g]][index[p]] += weight
            support[index[g]] += 1
    per_label = {}
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        pred_total = sum(row[i] for row in matrix)
        gold_total = sum(matrix[i])
        precision = tp / pred_total if pred_total else 0.0
        recall = tp / gold_total if gold_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support[i]}
    present = [label for i, label in enumerate(labels) if support[i]]
    total = sum(sum(row) for row in matrix)
    correct = sum(matrix[i][i] for i in range(len(labels)))
    return {
        "n": sum(support),
        "accuracy": correct / total if total else 0.0,
        "macro_f1": sum(per_label[label]["f1"] for label in present) / len(present) if present else 0.0,
        "per_label": per_label,
        "labels": list(labels),
        "confusion": [[round(v, 3) if weights is not None else int(v) for v in row] for row in matrix],
    }


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """How far stated confidence is from observed accuracy, averaged over confidence bins."""
    total = len(confidences)
    if not total:
        return 0.0
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if low < c <= high or (b == 0 and c == 0)]
        if members:
            accuracy = sum(correct[i] for i in members) / len(members)
            confidence = sum(confidences[i] for i in members) / len(members)
            error += len(members) / total * abs(accuracy - confidence)
    return error
