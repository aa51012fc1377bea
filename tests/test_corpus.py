"""The shipped corpus: its floors, its splits, its originality, and loading with clear errors."""

from __future__ import annotations

import json
import re

import pytest

from commitnlp import errors
from commitnlp.corpus.load import load_dataset, load_records, read_splits
from commitnlp.corpus.stats import (FLOORS, check_floors, composition, composition_markdown, near_duplicate_share,
                                    near_duplicates, realdev_overlap)
from commitnlp.paths import base_corpus_dir

CORPUS = base_corpus_dir()


@pytest.fixture(scope="module")
def comp(corpus_records):
    return composition(corpus_records, read_splits([CORPUS]))


def test_floors(comp, corpus_records):
    share = near_duplicate_share(corpus_records, near_duplicates(corpus_records))
    assert check_floors(comp, share) == []
    assert comp.documents >= FLOORS["documents"] and comp.response_sentences >= FLOORS["response_sentences"]
    assert len(comp.by["kind"]) >= 15 and len(comp.by["topic"]) >= 25 and len(comp.by["style"]) >= 6
    assert 0.40 <= comp.share("NONE") <= 0.60 and comp.share("REFUSAL") >= 0.08


def test_every_document_is_complete(corpus_records):
    from commitnlp.corpus.records import iter_documents

    for doc_id, rows in iter_documents(corpus_records):
        roles = {r.role for r in rows}
        assert roles == {"header", "recommendation", "response"}, doc_id
        assert 15 <= len(rows) <= 80, doc_id
        assert all(r.sep is not None for r in rows[1:]), doc_id  # the full text can be rebuilt


def test_splits_are_by_document_and_stratified(corpus_records):
    splits = json.loads((CORPUS / "splits.json").read_text())["splits"]
    docs = {r.doc_id: r.kind for r in corpus_records}
    assigned = [d for ids in splits.values() for d in ids]
    assert sorted(assigned) == sorted(docs) and len(assigned) == len(set(assigned))
    for split in ("dev", "test"):
        assert {docs[d] for d in splits[split]} == set(docs.values()), f"every kind in {split}"
    assert 0.6 <= len(splits["train"]) / len(docs) <= 0.75


def test_datasheet_shows_the_current_composition(comp):
    datasheet = (CORPUS / "DATASHEET.md").read_text(encoding="utf-8")
    assert composition_markdown(comp) in datasheet


def test_no_near_duplicates(corpus_records):
    pairs = near_duplicates(corpus_records)
    assert near_duplicate_share(corpus_records, pairs) < 0.01


def test_no_sentence_copied_from_real_letters(corpus_records, realdev):
    assert realdev_overlap(corpus_records, realdev) == []


def test_guides_examples_are_not_in_the_corpus(corpus_records):
    guides = (CORPUS / "GUIDELINES.md").read_text(encoding="utf-8")
    quoted = {q for q in re.findall(r'"([^"]{30,})"', guides)}
    texts = {r.text for r in corpus_records}
    assert not quoted & texts


def test_loading_through_datasets():
    dataset = load_dataset([CORPUS], split="test")
    assert set(dataset["split"]) == {"test"}
    assert {"text", "label", "doc_id", "role", "kind", "hard", "sep"} <= set(dataset.column_names)
    assert set(dataset.filter(lambda r: r["role"] == "response")["label"]) == {"FIRM", "VAGUE", "REFUSAL", "NONE"}


def test_bad_rows_are_named_by_file_and_line(tmp_path):
    good = {"text": "We will act.", "label": "FIRM", "doc_id": "a", "role": "response"}
    lines = [
        json.dumps(good),
        json.dumps({**good, "label": "MAYBE"}),
        json.dumps({**good, "text": "   "}),
        json.dumps({k: v for k, v in good.items() if k != "doc_id"}),
        json.dumps({**good, "label": "VAGUE", "doc_id": "b"}),
        json.dumps({**good, "role": "recommendation"}),
        "not json at all",
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(errors.CorpusError) as err:
        load_records([tmp_path])
    problems = "\n".join(err.value.problems)
    for line, text in [(2, "unknown label 'MAYBE'"), (3, "empty text"), (4, "missing field 'doc_id'"),
                       (5, "labelled VAGUE here but FIRM at"), (6, "a recommendation row must have label null"), (7, "not valid JSON")]:
        assert f"rows.jsonl:{line}: {text}" in problems
    with pytest.raises(errors.CorpusError):
        load_dataset([tmp_path])  # validation runs before datasets sees the files


def test_corpus_stats_command_prints_the_datasheet_table(comp):
    from typer.testing import CliRunner

    from commitnlp.cli import app

    result = CliRunner().invoke(app, ["corpus", "stats"])
    assert result.exit_code == 0 and result.output == composition_markdown(comp)
