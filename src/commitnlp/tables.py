"""The four batch tables and how their rows are written: parquet, CSV or JSON Lines parts.

A table is a directory of parts, ``part-000012.<ext>``, one per committed chunk of letters;
the chunk number is shared by the four tables, and the ``letters`` part is written last, so
it marks a chunk as committed. Parts are written to a temporary file and renamed, so a
reader never sees half a part.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .files import atomic_write
from .labels import LABELS

TABLES = ("sentences", "recommendations", "letters", "errors")
FORMATS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}

_SCORE_COLUMNS = [f"score_{label}" for label in LABELS]
_COUNT_COLUMNS = [f"n_{label}" for label in LABELS]
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "sentences": [("file", "string"), ("sha256", "string"), ("model", "string"), ("index", "int64"),
                  ("start", "int64"), ("end", "int64"), ("text", "string"), ("role", "string"),
                  ("recommendation", "string"), ("label", "string"), ("confidence", "float64"),
                  *[(c, "float64") for c in _SCORE_COLUMNS], ("check_by", "string"), ("check_from", "string"),
                  ("check_expression", "string"), ("quantities", "string")],
    "recommendations": [("file", "string"), ("sha256", "string"), ("model", "string"), ("id", "string"),
                        ("text", "string"), ("verdict", "string"), ("deciding_index", "int64"),
                        ("deciding_sentence", "string"), *[(c, "int64") for c in _COUNT_COLUMNS],
                        ("check_by", "string")],
    "letters": [("file", "string"), ("sha256", "string"), ("model", "string"), ("status", "string"),
                ("letter_date", "string"), ("sentences", "int64"), ("response_sentences", "int64"),
                *[(c, "int64") for c in _COUNT_COLUMNS], ("recommendations", "int64"), ("committed", "int64"),
                ("vague", "int64"), ("refused", "int64"), ("no_commitment", "int64"), ("not_answered", "int64"),
                ("commitment_index", "int64"), ("scored_at", "string")],
    "errors": [("file", "string"), ("sha256", "string"), ("model", "string"), ("error", "string"), ("message", "string")],
}
"""Column names and types of each table (the same in every format)."""


def rows_for_result(result: dict, model: str, scored_at: str) -> dict[str, list[dict]]:
    """The rows a scored letter contributes to each table."""
    base = {"file": result["file"], "sha256": result["sha256"], "model": model}
    sentences = []
    for s in result["sentences"]:
        when = s.get("check_by") or {}
        scores = s["scores"] or {}
        sentences.append({**base, "index": s["index"], "start": s["start"], "end": s["end"], "text": s["text"],
                          "role": s["role"], "recommendation": s["recommendation"], "label": s["label"],
                          "confidence": s["confidence"], **{f"score_{k}": scores.get(k) for k in LABELS},
                          "check_by": when.get("check_by"), "check_from": when.get("from"),
                          "check_expression": when.get("expression"),
                          "quantities": "; ".join(s.get("quantities", [])) or None})
    recs = [{**base, "id": r["id"], "text": r["text"], "verdict": r["verdict"], "deciding_index": r["deciding_index"],
             "deciding_sentence": r["deciding_sentence"], **{f"n_{k}": r["counts"][k] for k in LABELS},
             "check_by": "; ".join(c["check_by"] for c in r["check_by"] if c.get("check_by")) or None}
            for r in result["recommendations"]]
    summary = result["summary"]
    verdicts = summary["verdicts"]
    letter = {**base, "status": "scored", "letter_date": result["letter_date"], "sentences": summary["sentences"],
              "response_sentences": summary["response_sentences"], **{f"n_{k}": summary["labels"][k] for k in LABELS},
              "recommendations": summary["recommendations"], "committed": verdicts["committed"],
              "vague": verdicts["vague"], "refused": verdicts["refused"], "no_commitment": verdicts["no commitment"],
              "not_answered": verdicts["not answered"], "commitment_index": summary["commitment_index"],
              "scored_at": scored_at}
    return {"sentences": sentences, "recommendations": recs, "letters": [letter], "errors": []}


def rows_for_failure(path: str, sha256: str | None, model: str, error: str, message: str, scored_at: str) -> dict[str, list[dict]]:
    """The rows an unreadable letter contributes: an error, and a ``failed`` letter row."""
    letter = {name: None for name, _ in COLUMNS["letters"]}
    letter.update({"file": path, "sha256": sha256, "model": model, "status": "failed", "scored_at": scored_at})
    return {"sentences": [], "recommendations": [], "letters": [letter],
            "errors": [{"file": path, "sha256": sha256, "model": model, "error": error, "message": message}]}


def part_path(outdir: Path, table: str, chunk: int, fmt: str) -> Path:
    return outdir / table / f"part-{chunk:06d}{FORMATS[fmt]}"


def part_chunk(path: Path) -> int:
    return int(path.name.split("-", 1)[1].split(".", 1)[0])


def list_parts(outdir: Path, table: str, fmt: str) -> list[Path]:
    directory = outdir / table
    return sorted(directory.glob(f"part-*{FORMATS[fmt]}")) if directory.is_dir() else []


def _arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    return {table: pa.schema([(name, types[kind]) for name, kind in columns]) for table, columns in COLUMNS.items()}


def encode(table: str, rows: list[dict], fmt: str) -> bytes:
    """A part's bytes in the chosen format (columns in the fixed order of :data:`COLUMNS`)."""
    names = [name for name, _ in COLUMNS[table]]
    rows = [{name: row.get(name) for name in names} for row in rows]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows, schema=_arrow_schema()[table]), buffer)
        return buffer.getvalue()
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def read_part(path: Path, table: str, fmt: str) -> list[dict]:
    """The rows of one part, with the types of :data:`COLUMNS` (CSV cells parsed back)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = dict(COLUMNS[table])
    rows = []
    for raw in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        row = {}
        for name, value in raw.items():
            if value == "":
                row[name] = None
            elif kinds.get(name) == "int64":
                row[name] = int(value)
            elif kinds.get(name) == "float64":
                row[name] = float(value)
            else:
                row[name] = value
        rows.append(row)
    return rows


def write_part(outdir: Path, table: str, chunk: int, rows: list[dict], fmt: str, force: bool = False) -> None:
    atomic_write(part_path(outdir, table, chunk, fmt), encode(table, rows, fmt), force=force)


def read_table(outdir: Path, table: str, fmt: str) -> list[dict]:
    """Every row of a table, part by part."""
    return [row for path in list_parts(outdir, table, fmt) for row in read_part(path, table, fmt)]
