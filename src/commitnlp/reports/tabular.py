"""Machine-readable outputs: JSON per file, JSON Lines per sentence, CSV for reviewers.

``jsonl`` is the contract other tools build on: one object per sentence with ``file``,
``index``, ``start``/``end`` (offsets into the file's text), ``text``, ``role``,
``recommendation``, ``label`` (null for structure), ``confidence`` and ``scores``.
The CSV is the reviewer's sheet: the same rows plus an empty ``corrected_label`` column,
read back by ``commitnlp corpus add``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

SENTENCE_FIELDS = ("file", "index", "start", "end", "text", "role", "recommendation", "label", "confidence", "scores")
CSV_FIELDS = ("file", "doc_id", "index", "role", "recommendation", "text", "label", "confidence", "corrected_label")
FOLLOW_UP_FIELDS = ("file", "recommendation", "commitment", "check_by", "from", "expression", "quantities")


def doc_id(result: dict) -> str:
    """A stable document id for a scored file: its name stem plus a short content hash."""
    name = result["file"].replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "letter"
    return f"{name}-{result['sha256'][:8]}"


def sentence_rows(result: dict) -> list[dict]:
    """The ``jsonl`` rows of one scored letter."""
    rows = []
    for sentence in result["sentences"]:
        row = {key: sentence[key] for key in SENTENCE_FIELDS}
        if sentence.get("check_by"):
            row["check_by"] = sentence["check_by"]
        rows.append(row)
    return rows


def to_json(results: Sequence[dict]) -> str:
    """One object for one file; an array of objects for several."""
    payload = results[0] if len(results) == 1 else list(results)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(results: Sequence[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for result in results for row in sentence_rows(result))


def sheet_row(result: dict, sentence: dict) -> dict:
    """One row of the reviewer's sheet."""
    return {"file": sentence["file"], "doc_id": doc_id(result), "index": sentence["index"], "role": sentence["role"],
            "recommendation": sentence["recommendation"] or "", "text": sentence["text"],
            "label": sentence["label"] or "",
            "confidence": "" if sentence["confidence"] is None else f"{sentence['confidence']:.3f}",
            "corrected_label": ""}


def write_sheet(rows: Sequence[dict], extra: Sequence[str] = ()) -> str:
    """Sheet rows as CSV text (the caller writes it with a BOM so Excel reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*CSV_FIELDS, *extra], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_csv(results: Sequence[dict]) -> str:
    """The reviewer's sheet, one row per sentence, with an empty ``corrected_label`` column."""
    return write_sheet([sheet_row(result, s) for result in results for s in result["sentences"]])


def follow_up_rows(results: Sequence[dict]) -> list[dict]:
    """The diary: one row per firm commitment, earliest check-by date first."""
    rows = []
    for result in results:
        for item in result["follow_up"]:
            when = item["check_by"] or {}
            rows.append({"file": result["file"], "recommendation": item["recommendation"] or "",
                         "commitment": item["commitment"], "check_by": when.get("check_by") or "",
                         "from": when.get("from") or "", "expression": when.get("expression") or "",
                         "quantities": "; ".join(item["quantities"])})
    return sorted(rows, key=lambda r: (r["check_by"] == "", r["check_by"]))


def follow_up_csv(results: Sequence[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FOLLOW_UP_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(follow_up_rows(results))
    return buffer.getvalue()
