"""The fixed train/dev/test split of the shipped corpus, by document, stratified by responder kind.

Splitting by document keeps every letter's sentences on one side, so test figures measure
letters the model has never seen; stratifying by kind keeps every kind of responder in
every split. The split is made once and stored in ``corpus/splits.json``; new documents
go to train unless the file is regenerated.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from .records import Record

SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}


def make_splits(records: Iterable[Record], seed: int = 13) -> dict:
    """Assign each document to a split; within each kind, dev and test get 15% each (at least one)."""
    kinds: dict[str, set[str]] = {}
    for record in records:
        kinds.setdefault(record.kind or "unknown", set()).add(record.doc_id)
    rng = random.Random(seed)
    splits: dict[str, list[str]] = {name: [] for name in SHARES}
    for kind in sorted(kinds):
        docs = sorted(kinds[kind])
        rng.shuffle(docs)
        n_held = max(1, round(len(docs) * SHARES["test"])) if len(docs) >= 3 else 0
        splits["test"].extend(docs[:n_held])
        splits["dev"].extend(docs[n_held:2 * n_held])
        splits["train"].extend(docs[2 * n_held:])
    return {
        "description": "Fixed split by document, stratified by responder kind (see corpus/DATASHEET.md).",
        "seed": seed,
        "splits": {name: sorted(ids) for name, ids in splits.items()},
    }
