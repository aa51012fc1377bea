"""Annotations in and out: reviewer sheets (CSV), Prodigy, doccano, Label Studio and JSONL.

Every reader yields ``(where, row)`` pairs, ``row`` being a corpus-format dict, so that
validation can name the file and line (or task) of any bad row; rows a tool marked as
skipped (Prodigy ``ignore``, a cancelled Label Studio task) are reported, not silently
dropped. Writers produce the text-classification export format of each tool, so a corpus
can go out to an annotation tool and come back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from .. import errors
from ..labels import LABELS
from .records import Record

FORMATS = ("csv", "jsonl", "prodigy", "doccano", "labelstudio")
Row = tuple[str, dict | None, str | None]
"""``(where, corpus row or None, why not)``. A reason starting with "skipped:" means the
annotator chose to skip the item (reported, not an error); any other reason is a bad row;
no row and no reason is a sheet row nobody reviewed."""


def _decode(path: Path) -> str:
    """Text of a file saved by Excel or anything else (the letter readers' encoding rules)."""
    from ..readers.text import decode

    try:
        return decode(path.read_bytes(), str(path))
    except OSError as err:
        raise errors.CorpusError(path, f"cannot be read ({err.strerror or err})") from None


def _label(value: object) -> object:
    """Labels as officers type them ("firm", " Vague ") in the canonical form; others unchanged."""
    if isinstance(value, str) and value.strip().upper() in LABELS:
        return value.strip().upper()
    return value


def read_sheet(path: Path, accept_predictions: bool = False) -> Iterator[Row]:
    """Rows of a reviewer's CSV sheet (from ``score --format csv``), comma or semicolon separated.

    A row is taken when ``corrected_label`` is filled in, or, with ``accept_predictions``,
    when it is a response whose predicted ``label`` the reviewer left standing.
    """
    text = _decode(path)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ("\t" if "\t" in first_line else ",")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = {name.strip().lower() for name in reader.fieldnames or []}
    missing = {"text", "corrected_label"} - fields
    if missing:
        raise errors.CorpusError(path, f"not a reviewer sheet: no '{sorted(missing)[0]}' column")
    for number, raw in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        where = f"{path}:{number}"
        corrected = row.get("corrected_label", "")
        if corrected:
            label = _label(corrected)
        elif accept_predictions and row.get("role", "response") == "response" and row.get("label"):
            label = _label(row["label"])
        else:
            yield where, None, None  # not reviewed: nothing to take
            continue
        yield where, {"text": row.get("text", ""), "label": label, "role": "response",
                      "doc_id": row.get("doc_id") or Path(row.get("file") or path.stem).stem,
                      "recommendation": row.get("recommendation") or None, "source": path.name}, None


def _jsonl(path: Path) -> Iterator[tuple[str, object]]:
    for number, line in enumerate(_decode(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{number}", json.loads(line)
        except json.JSONDecodeError as err:
            yield f"{path}:{number}", ValueError(f"not valid JSON ({err.msg})")


def _row(text: object, label: object, item: dict, path: Path) -> dict:
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    return {"text": text if isinstance(text, str) else "", "label": _label(label), "role": "response",
            "doc_id": str(item.get("doc_id") or meta.get("doc_id") or path.stem),
            "recommendation": item.get("recommendation") or meta.get("recommendation"), "source": path.name}


def read_prodigy(path: Path) -> Iterator[Row]:
    """Prodigy textcat exports: ``accept`` lists (choice UI) or ``label`` + ``answer`` (binary UI)."""
    for where, item in _jsonl(path):
        if isinstance(item, Exception) or not isinstance(item, dict):
            yield where, None, str(item) if isinstance(item, Exception) else "expected a JSON object"
            continue
        answer = item.get("answer", "accept")
        if answer == "ignore":
            yield where, None, "skipped: the annotator pressed ignore"
            continue
        if "accept" in item and isinstance(item["accept"], list):
            if answer == "reject":
                yield where, None, "skipped: the annotator rejected the example"
            elif len(item["accept"]) != 1:
                yield where, None, f"skipped: {len(item['accept'])} labels accepted, expected exactly one"
            else:
                yield where, _row(item.get("text"), item["accept"][0], item, path), None
        elif "label" in item:
            if answer == "reject":
                yield where, None, f"skipped: rejected '{item['label']}' does not say which label is right"
            else:
                yield where, _row(item.get("text"), item["label"], item, path), None
        else:
            yield where, None, "no 'accept' or 'label' field"


def read_doccano(path: Path) -> Iterator[Row]:
    """doccano text-classification exports: ``{"text": ..., "label": ["FIRM"]}``."""
    for where, item in _jsonl(path):
        if isinstance(item, Exception) or not isinstance(item, dict):
            yield where, None, str(item) if isinstance(item, Exception) else "expected a JSON object"
            continue
        labels = item.get("label", item.get("labels"))
        labels = [labels] if isinstance(labels, str) else labels
        if not isinstance(labels, list) or len(labels) != 1:
            yield where, None, f"expected exactly one label, found {labels!r}"
            continue
        yield where, _row(item.get("text"), labels[0], item, path), None


def read_labelstudio(path: Path) -> Iterator[Row]:
    """Label Studio JSON exports: ``annotations[].result[].value.choices`` (the latest kept annotation)."""
    try:
        tasks = json.loads(_decode(path))
    except json.JSONDecodeError as err:
        raise errors.CorpusError(path, f"not a Label Studio JSON export ({err.msg} at line {err.lineno})") from None
    if not isinstance(tasks, list):
        raise errors.CorpusError(path, "not a Label Studio JSON export (expected a list of tasks)")
    for number, task in enumerate(tasks, 1):
        where = f"{path}:task {task.get('id', number) if isinstance(task, dict) else number}"
        if not isinstance(task, dict):
            yield where, None, "expected a task object"
            continue
        kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not kept:
            yield where, None, "skipped: no annotation (or only cancelled ones)"
            continue
        choices = [c for r in kept[-1].get("result") or [] for c in (r.get("value") or {}).get("choices") or []]
        if len(choices) != 1:
            yield where, None, f"expected exactly one choice, found {choices!r}"
            continue
        data = task.get("data") or {}
        yield where, _row(data.get("text"), choices[0], {**data, "meta": data.get("meta") or {}}, path), None


def read_csv(path: Path) -> Iterator[Row]:
    """A plain CSV with ``text`` and ``label`` columns (optionally ``doc_id``, ``recommendation``)."""
    text = _decode(path)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not {"text", "label"} <= {f.strip().lower() for f in reader.fieldnames or []}:
        raise errors.CorpusError(path, "a CSV import needs 'text' and 'label' columns")
    for number, raw in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        yield f"{path}:{number}", _row(row["text"], row["label"], row, path), None


def read_jsonl(path: Path) -> Iterator[Row]:
    """Corpus-format JSONL (the format of ``corpus/``)."""
    for where, item in _jsonl(path):
        if isinstance(item, Exception) or not isinstance(item, dict):
            yield where, None, str(item) if isinstance(item, Exception) else "expected a JSON object"
            continue
        row = dict(item)
        row.setdefault("role", "response")
        row.setdefault("doc_id", path.stem)
        if "label" in row:
            row["label"] = _label(row["label"])
        yield where, row, None


READERS = {"csv": read_csv, "jsonl": read_jsonl, "prodigy": read_prodigy, "doccano": read_doccano,
           "labelstudio": read_labelstudio}


def export(records: Sequence[Record], fmt: str) -> str:
    """Response rows in a tool's text-classification import format."""
    rows = [r for r in records if r.role == "response"]
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in rows)
    if fmt == "prodigy":
        return "".join(json.dumps({"text": r.text, "options": [{"id": label, "text": label} for label in LABELS],
                                   "accept": [r.label], "answer": "accept",
                                   "meta": {"doc_id": r.doc_id, "recommendation": r.recommendation}},
                                  ensure_ascii=False) + "\n" for r in rows)
    if fmt == "doccano":
        return "".join(json.dumps({"text": r.text, "label": [r.label], "doc_id": r.doc_id,
                                   "recommendation": r.recommendation}, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "labelstudio":
        tasks = [{"id": i, "data": {"text": r.text, "meta": {"doc_id": r.doc_id, "recommendation": r.recommendation}},
                  "annotations": [{"result": [{"from_name": "label", "to_name": "text", "type": "choices",
                                               "value": {"choices": [r.label]}}], "was_cancelled": False}]}
                 for i, r in enumerate(rows, 1)]
        return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["text", "label", "doc_id", "recommendation"], lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({"text": r.text, "label": r.label, "doc_id": r.doc_id, "recommendation": r.recommendation or ""})
        return buffer.getvalue()
    raise errors.CorpusError(None, f"unknown format '{fmt}' (expected one of {', '.join(FORMATS)})")
