"""Find, validate and load corpus files.

Every ``*.jsonl`` under a corpus directory (recursively) is corpus data. Files are checked
row by row first (so every problem is reported with its file and line), then loaded
through the ``datasets`` library from the local files; ``datasets`` is imported only here
and only when a dataset is asked for.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .. import errors
from .records import Record, conflicts, read_records

SPLITS_FILE = "splits.json"
SPLITS = ("train", "dev", "test")


def corpus_files(paths: Sequence[str | Path]) -> list[Path]:
    """Every corpus file under ``paths`` (directories searched recursively), sorted."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise errors.CorpusError(path, "no such corpus file or directory")
    return files


def validate(paths: Sequence[str | Path]) -> tuple[list[Record], list[str]]:
    """Read and check every row; return the good rows and every problem (``file:line: ...``)."""
    records: list[Record] = []
    problems: list[str] = []
    files = corpus_files(paths)
    if not files:
        problems.append(f"{', '.join(map(str, paths))}: no *.jsonl corpus files found")
    for path in files:
        found, bad = read_records(path)
        records.extend(found)
        problems.extend(bad)
    problems.extend(conflicts(records))
    return records, problems


def load_records(paths: Sequence[str | Path], split: str | None = None) -> list[Record]:
    """Validated rows of the corpus at ``paths``, optionally of one split only.

    Raises :class:`~commitnlp.errors.CorpusError` listing every bad row.
    """
    records, problems = validate(paths)
    if problems:
        raise errors.CorpusError(problems[0].split(":", 1)[0], f"{len(problems)} bad row(s); first: {problems[0]}", problems)
    if split is None:
        return records
    assignment = read_splits(paths)
    return [r for r in records if assignment.get(r.doc_id, "train") == split]


def read_splits(paths: Sequence[str | Path]) -> dict[str, str]:
    """``doc_id -> split`` from the ``splits.json`` of each corpus directory in ``paths``.

    Documents a split file does not name (an officer's own corrections) are training data.
    """
    assignment: dict[str, str] = {}
    for path in map(Path, paths):
        split_file = path / SPLITS_FILE if path.is_dir() else path.parent / SPLITS_FILE
        if not split_file.exists():
            continue
        try:
            data = json.loads(split_file.read_text(encoding="utf-8"))
            for split in SPLITS:
                for doc_id in data["splits"][split]:
                    assignment[doc_id] = split
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise errors.CorpusError(split_file, f"damaged split file ({err})") from None
    return assignment


def load_dataset(paths: Sequence[str | Path], split: str | None = None):
    """The corpus as a :class:`datasets.Dataset`, read from the local JSONL files.

    Rows are validated first; the ``split`` column comes from ``splits.json``.
    """
    load_records(paths)  # raises with file and line for every bad row
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets  # heavy: imported only on the corpus and training paths

    string = datasets.Value("string")
    features = datasets.Features({
        "text": string, "label": string, "doc_id": string, "role": string,
        "recommendation": string, "responder": string, "kind": string, "hard": datasets.Value("bool"),
        "sep": string, "country": string, "topic": string, "style": string, "date": string,
        "source": string, "note": string,
    })
    files = [str(f) for f in corpus_files(paths)]
    with tempfile.TemporaryDirectory(prefix="commitnlp-datasets-") as cache:
        dataset = datasets.load_dataset("json", data_files=files, split="train", features=features,
                                        cache_dir=cache, keep_in_memory=True)
    assignment = read_splits(paths)
    dataset = dataset.map(lambda row: {"split": assignment.get(row["doc_id"], "train")})
    if split is not None:
        dataset = dataset.filter(lambda row: row["split"] == split)
    return dataset
