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
    from .corpus.load import corpus_files

    rows, skipped = [], 0
    for path in corpus_files(paths):
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


def structure_scores(text: str, gold: Sequence[dict]) -> dict:
    """Sentence-boundary and role agreement between the pipeline's layout and gold rows.

    ``gold`` rows have ``start``/``end`` offsets into ``text``, a ``role`` and a
    ``recommendation``. Boundaries are sentence starts; only predicted starts that fall
    inside a gold row's text are counted (gold files need not cover addresses and the like).
    Recommendation assignment is compared as a grouping: for pairs of response sentences,
    whether both sides agree that the two answer the same recommendation.
    """
    from .layout import find_segments
    from .normalise import normalise

    clean = normalise(text)
    predicted = {}
    for segment in find_segments(clean.text):
        start, _ = clean.to_source(segment.start, segment.end)
        predicted[start] = segment
    gold_starts = {row["start"] for row in gold}
    covered = [(row["start"], row["end"]) for row in gold]
    counted = {s for s in predicted if s in gold_starts or any(a <= s < b for a, b in covered)}
    tp = len(counted & gold_starts)
    roles = [(row["role"], predicted[row["start"]].role) for row in gold if row["start"] in predicted]
    responses = [(row.get("recommendation"), predicted[row["start"]].recommendation)
                 for row in gold if row["role"] == "response" and row["start"] in predicted]
    agree = total = 0
    for i in range(len(responses)):
        for j in range(i + 1, len(responses)):
            total += 1
            agree += (responses[i][0] == responses[j][0]) == (responses[i][1] == responses[j][1])
    return {"tp": tp, "fp": len(counted) - tp, "fn": len(gold_starts) - tp,
            "role_correct": sum(g == p for g, p in roles), "role_total": len(roles),
            "pairs_agree": agree, "pairs": total}


def combine_structure_scores(scores: Sequence[dict]) -> dict:
    """Micro-averaged boundary precision/recall/F1, role accuracy and grouping agreement."""
    total = {key: sum(s[key] for s in scores) for key in ("tp", "fp", "fn", "role_correct", "role_total", "pairs_agree", "pairs")}
    precision = total["tp"] / max(total["tp"] + total["fp"], 1)
    recall = total["tp"] / max(total["tp"] + total["fn"], 1)
    return {"boundary_precision": precision, "boundary_recall": recall,
            "boundary_f1": 2 * precision * recall / max(precision + recall, 1e-9),
            "role_accuracy": total["role_correct"] / max(total["role_total"], 1),
            "recommendation_agreement": total["pairs_agree"] / max(total["pairs"], 1), "documents": len(scores)}


def corpus_structure_gold(rows) -> tuple[str, list[dict]]:
    """A corpus document's full text and its rows as gold structure (offsets from ``sep``)."""
    from .corpus.records import document_text

    text, spans = document_text(rows)
    return text, [{"start": s, "end": e, "role": r.role, "recommendation": r.recommendation}
                  for (s, e), r in zip(spans, rows)]


def realdev_structure_gold(gold_file: Path) -> tuple[str, list[dict]]:
    """A real letter's text and its gold rows (rows marked ``split_issue`` left out)."""
    text_file = gold_file.with_name(gold_file.name.replace(".gold.jsonl", ".txt"))
    text = text_file.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return text, [row for row in rows if not row.get("split_issue")]
