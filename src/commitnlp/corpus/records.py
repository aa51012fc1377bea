"""The corpus record format and its validation.

One JSON object per line: ``text``, ``label``, ``doc_id``, ``role`` are required;
``recommendation``, ``responder``, ``kind``, ``hard``, ``sep`` and the document's
``country``, ``topic``, ``style`` and ``date`` are optional. Structure rows (``header``,
``recommendation``) have ``label`` null. ``sep`` holds the characters between the previous
row and this one, so a document's full text is ``"".join(sep + text)`` over its rows in
order: structure detection and sentence splitting are tested on that text.

Validation names the file and line of every bad row and never stops at the first one, so
an officer fixing a spreadsheet export sees every problem at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..labels import LABELS, ROLES

REQUIRED = ("text", "label", "doc_id", "role")
OPTIONAL_STR = ("recommendation", "responder", "kind", "sep", "country", "topic", "style", "date", "source", "note")
FIELDS = REQUIRED + OPTIONAL_STR + ("hard",)


@dataclass(frozen=True)
class Record:
    """One corpus row, valid by construction (see :func:`parse_line`)."""

    text: str
    label: str | None
    doc_id: str
    role: str
    recommendation: str | None = None
    responder: str | None = None
    kind: str | None = None
    hard: bool = False
    sep: str | None = None
    country: str | None = None
    topic: str | None = None
    style: str | None = None
    date: str | None = None
    source: str | None = None
    note: str | None = None
    where: str = field(default="", compare=False)
    """``file:line`` the row was read from, for error messages."""

    def to_json(self) -> dict:
        """The row as written to a corpus file (``None`` optional fields left out)."""
        row = {"text": self.text, "label": self.label, "doc_id": self.doc_id, "role": self.role}
        for name in OPTIONAL_STR:
            value = getattr(self, name)
            if value is not None:
                row[name] = value
        if self.hard:
            row["hard"] = True
        return row


_SPACE = re.compile(r"\s+")


def text_key(text: str) -> str:
    """The form under which two rows count as "the same sentence": case and spacing ignored."""
    return _SPACE.sub(" ", text).strip().lower()


def parse_line(line: str, where: str) -> tuple[Record | None, list[str]]:
    """Parse and check one JSONL line; return the record or the problems found."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        return None, [f"{where}: not valid JSON ({err.msg} at column {err.colno})"]
    if not isinstance(row, dict):
        return None, [f"{where}: expected a JSON object, found {type(row).__name__}"]
    problems = [f"{where}: missing field '{name}'" for name in REQUIRED if name not in row]
    if problems:
        return None, problems
    text, label, role = row["text"], row["label"], row["role"]
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: empty text")
    if role not in ROLES:
        problems.append(f"{where}: unknown role {role!r} (expected one of {', '.join(ROLES)})")
    elif role == "response" and label not in LABELS:
        problems.append(f"{where}: unknown label {label!r} (expected one of {', '.join(LABELS)})")
    elif role != "response" and label is not None:
        problems.append(f"{where}: a {role} row must have label null, not {label!r}")
    if not isinstance(row["doc_id"], (str, int)) or not str(row["doc_id"]).strip():
        problems.append(f"{where}: empty doc_id")
    for name in OPTIONAL_STR:
        value = row.get(name)
        if value is not None and not isinstance(value, (str, int, float)):
            problems.append(f"{where}: field '{name}' must be text, not {type(value).__name__}")
    if "hard" in row and not isinstance(row["hard"], bool):
        problems.append(f"{where}: field 'hard' must be true or false")
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        problems.append(f"{where}: unknown field '{unknown[0]}'")
    if problems:
        return None, problems
    optional = {name: (None if row.get(name) is None else str(row[name])) for name in OPTIONAL_STR}
    if "sep" in row and row["sep"] is not None:
        optional["sep"] = row["sep"]
    return Record(text=text, label=label, doc_id=str(row["doc_id"]), role=role,
                  hard=bool(row.get("hard", False)), where=where, **optional), []


def read_records(path: Path) -> tuple[list[Record], list[str]]:
    """Read every row of one JSONL file; return the good rows and every problem."""
    records: list[Record] = []
    problems: list[str] = []
    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], [f"{path}: cannot be read ({err.strerror or err})"]
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{path}: not UTF-8 text (corpus files are UTF-8 JSONL)"]
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        record, found = parse_line(line, f"{path}:{number}")
        problems.extend(found)
        if record is not None:
            records.append(record)
    if not records and not problems:
        problems.append(f"{path}: the file has no rows")
    return records, problems


def conflicts(records: Iterable[Record]) -> list[str]:
    """Every sentence labelled twice with different labels, naming both places."""
    first: dict[str, Record] = {}
    problems = []
    for record in records:
        if record.role != "response":
            continue
        key = text_key(record.text)
        seen = first.get(key)
        if seen is None:
            first[key] = record
        elif seen.label != record.label:
            problems.append(f"{record.where}: labelled {record.label} here but {seen.label} at {seen.where}: {record.text[:60]!r}")
    return problems


def iter_documents(records: Iterable[Record]) -> Iterator[tuple[str, list[Record]]]:
    """Group rows by ``doc_id``, keeping their order."""
    docs: dict[str, list[Record]] = {}
    for record in records:
        docs.setdefault(record.doc_id, []).append(record)
    yield from docs.items()


def document_text(rows: list[Record]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild a document's full text from its rows and return each row's span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, row in enumerate(rows):
        sep = row.sep if row.sep is not None else ("" if i == 0 else "\n")
        parts.append(sep)
        pos += len(sep)
        parts.append(row.text)
        spans.append((pos, pos + len(row.text)))
        pos += len(row.text)
    return "".join(parts) + "\n", spans
