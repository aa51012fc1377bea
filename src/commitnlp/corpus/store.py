"""Adding annotations to a user corpus without ever losing or overwriting anything.

Each ``corpus add`` or ``corpus import`` writes one new JSONL file into the user corpus
directory (through a temporary file and a rename), so earlier corrections are never
touched and an interrupted write leaves the corpus exactly as it was. Rows are checked
first: an invalid batch is refused whole unless ``skip_invalid`` is set, and then every
skipped row is reported with its place.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import errors
from ..files import atomic_write
from .formats import Row
from .load import corpus_files, validate
from .records import Record, parse_line, text_key


@dataclass
class AddReport:
    """What an add or import did: rows written, rows skipped by the tool, rows refused."""

    added: int = 0
    path: Path | None = None
    skipped: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    unreviewed: int = 0


def _existing(paths: Iterable[Path]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for path in paths:
        if path.exists() and corpus_files([path]):
            records, _ = validate([path])
            for record in records:
                if record.role == "response":
                    found.setdefault(text_key(record.text), record)
    return found


def _repeats_base(record: Record, base: dict[str, Record]) -> str | None:
    """Why ``record`` adds nothing to the shipped corpus, or None if it does."""
    shipped = base.get(text_key(record.text)) if record.role == "response" else None
    if shipped is None or shipped.label != record.label:
        return None
    return f"duplicates the base corpus at {shipped.where} (same sentence, same label)"


def base_duplicates(records: Iterable[Record], base_dir: Path) -> list[str]:
    """A problem line for every user-corpus row that repeats a shipped sentence and its label."""
    base = _existing([base_dir])
    return [f"{record.where}: {why}" for record in records if (why := _repeats_base(record, base))]


def add_rows(rows: Iterable[Row], corpus_dir: Path, source: str, base_dir: Path | None,
             skip_invalid: bool = False) -> AddReport:
    """Check ``rows`` and write the good ones as a new file in ``corpus_dir``."""
    report = AddReport()
    user = _existing([corpus_dir])
    base = _existing([base_dir]) if base_dir is not None else {}
    new: dict[str, Record] = {}
    good: list[Record] = []
    for where, row, why in rows:
        if row is None:
            if why is None:
                report.unreviewed += 1
            elif why.startswith("skipped"):
                report.skipped.append(f"{where}: {why}")
            else:
                report.invalid.append(f"{where}: {why}")
            continue
        row = {k: v for k, v in row.items() if v is not None}
        record, problems = parse_line(json.dumps(row, ensure_ascii=False), where)
        if record is not None and record.role == "response":
            key = text_key(record.text)
            for name, seen in (("this file", new.get(key)), ("the user corpus", user.get(key))):
                if seen is not None and seen.label != record.label:
                    problems.append(f"{where}: labelled {record.label} here but {seen.label} at {seen.where} ({name})")
            repeated = _repeats_base(record, base)
            if repeated and not problems:
                report.skipped.append(f"{where}: skipped: {repeated}")
                continue
            if key in new and new[key].label == record.label and not problems:
                continue  # the same correction twice in one sheet
        if problems:
            report.invalid.extend(problems)
            continue
        new[text_key(record.text)] = record
        good.append(record)
    if report.invalid and not skip_invalid:
        raise errors.CorpusError(report.invalid[0].split(":", 1)[0],
                                 f"{len(report.invalid)} invalid row(s); nothing was added (use --skip-invalid to add the rest)",
                                 report.invalid)
    if good:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = corpus_dir / f"{Path(source).stem}-{stamp}.jsonl"
        counter = 1
        while target.exists():
            counter += 1
            target = corpus_dir / f"{Path(source).stem}-{stamp}-{counter}.jsonl"
        atomic_write(target, "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in good))
        report.path = target
    report.added = len(good)
    return report
