"""Corrections and annotation-tool files: round trips, validation with places, safe writes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from commitnlp import errors
from commitnlp.cli import app
from commitnlp.corpus.formats import READERS, export, read_sheet
from commitnlp.corpus.load import load_records
from commitnlp.corpus.records import Record
from commitnlp.corpus.store import add_rows

runner = CliRunner()
RECORDS = [
    Record(text="The Trust will audit every observation record from May.", label="FIRM", doc_id="d1", role="response", recommendation="2"),
    Record(text="We will look at whether the checks could be extended.", label="VAGUE", doc_id="d1", role="response", recommendation="2"),
    Record(text="A separate register would add nothing to current safeguards.", label="REFUSAL", doc_id="d2", role="response"),
    Record(text="Caf\u00e9 visits fell by 12% over the winter.", label="NONE", doc_id="d2", role="response"),
]


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "labelstudio", "csv", "jsonl"])
def test_each_format_round_trips(tmp_path, fmt):
    path = tmp_path / f"export.{'json' if fmt == 'labelstudio' else fmt if fmt == 'csv' else 'jsonl'}"
    path.write_text(export(RECORDS, fmt), encoding="utf-8")
    rows = [row for _, row, _ in READERS[fmt](path)]
    assert [(r["text"], r["label"], r["doc_id"]) for r in rows] == [(r.text, r.label, r.doc_id) for r in RECORDS]
    report = add_rows(READERS[fmt](path), tmp_path / "user", path.name, base_dir=None)
    assert report.added == 4
    assert [(r.text, r.label) for r in load_records([tmp_path / "user"])] == [(r.text, r.label) for r in RECORDS]


def test_prodigy_ignore_and_reject_are_reported_not_imported(tmp_path):
    path = tmp_path / "prodigy.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in [
        {"text": "We will publish the data.", "accept": ["FIRM"], "answer": "accept"},
        {"text": "Unclear sentence.", "accept": ["NONE"], "answer": "ignore"},
        {"text": "We may look at it.", "label": "FIRM", "answer": "reject"},
        {"text": "We will not do it.", "label": "REFUSAL", "answer": "accept"},
    ]), encoding="utf-8")
    report = add_rows(READERS["prodigy"](path), tmp_path / "user", path.name, base_dir=None)
    assert report.added == 2
    assert any("prodigy.jsonl:2: skipped: the annotator pressed ignore" in s for s in report.skipped)
    assert any("prodigy.jsonl:3" in s and "rejected" in s for s in report.skipped)


def test_excel_sheet_with_semicolons_cp1252_and_bom(tmp_path):
    sheet = tmp_path / "sheet.csv"
    body = ("file;doc_id;index;role;recommendation;text;label;confidence;corrected_label\r\n"
            "a.txt;a-1;3;response;1;We\u2019ll review it.;FIRM;0.6;vague\r\n"
            "a.txt;a-1;4;response;1;We will act by June.;FIRM;0.9;\r\n")
    sheet.write_bytes(body.encode("cp1252"))
    rows = [row for _, row, _ in read_sheet(sheet)]
    assert rows[0] == {"text": "We\u2019ll review it.", "label": "VAGUE", "role": "response", "doc_id": "a-1",
                       "recommendation": "1", "source": "sheet.csv"}
    assert rows[1] is None  # not reviewed
    accepted = [row for _, row, _ in read_sheet(sheet, accept_predictions=True)]
    assert accepted[1]["label"] == "FIRM"
    sheet.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert [row for _, row, _ in read_sheet(sheet)][0]["text"] == "We\u2019ll review it."


def test_validation_names_file_and_line_and_refuses_the_whole_batch(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "We will act.", "label": "FIRM", "doc_id": "x"}),
        json.dumps({"text": "", "label": "FIRM", "doc_id": "x"}),
        json.dumps({"text": "We will act.", "label": "VAGUE", "doc_id": "y"}),
        json.dumps({"text": "Fine sentence.", "label": "MAYBE", "doc_id": "x"}),
        "{broken json",
    ]), encoding="utf-8")
    with pytest.raises(errors.CorpusError) as err:
        add_rows(READERS["jsonl"](path), tmp_path / "user", path.name, base_dir=None)
    problems = "\n".join(err.value.problems)
    assert "bad.jsonl:2: empty text" in problems
    assert "bad.jsonl:3: labelled VAGUE here but FIRM at" in problems and "bad.jsonl:1" in problems
    assert "bad.jsonl:4: unknown label 'MAYBE'" in problems
    assert "bad.jsonl:5: not valid JSON" in problems
    assert not (tmp_path / "user").exists()
    report = add_rows(READERS["jsonl"](path), tmp_path / "user", path.name, base_dir=None, skip_invalid=True)
    assert report.added == 1 and len(report.invalid) == 4


def test_rows_duplicating_the_base_corpus_are_reported(tmp_path, corpus_records):
    from commitnlp.paths import base_corpus_dir

    shipped = next(r for r in corpus_records if r.role == "response")
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps({"text": shipped.text, "label": shipped.label, "doc_id": "mine", "role": "response"}) + "\n"
                    + json.dumps({"text": "A sentence of my own.", "label": "NONE", "doc_id": "mine", "role": "response"})
                    + "\n", encoding="utf-8")
    report = add_rows(READERS["jsonl"](path), tmp_path / "user", path.name, base_dir=base_corpus_dir())
    assert report.added == 1
    assert "dup.jsonl:1: skipped: duplicates the base corpus at" in report.skipped[0]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "rows.jsonl").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["corpus", "check", str(tmp_path / "mine")])
    assert result.exit_code == 1 and "rows.jsonl:1: duplicates the base corpus" in result.output


def test_interrupted_add_leaves_the_corpus_as_it_was(tmp_path, monkeypatch):
    user = tmp_path / "user"
    path = tmp_path / "first.jsonl"
    path.write_text(export(RECORDS[:2], "jsonl"), encoding="utf-8")
    add_rows(READERS["jsonl"](path), user, "first.jsonl", base_dir=None)
    before = {p.name: p.read_bytes() for p in user.iterdir()}
    second = tmp_path / "second.jsonl"
    second.write_text(export(RECORDS[2:], "jsonl"), encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("commitnlp.files.os.replace", crash)
    with pytest.raises(OSError):
        add_rows(READERS["jsonl"](second), user, "second.jsonl", base_dir=None)
    assert {p.name: p.read_bytes() for p in user.iterdir()} == before


def test_corpus_check_reports_bad_rows_with_places(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "rows.jsonl").write_text(json.dumps({"text": "x", "label": "SURE", "doc_id": "a", "role": "response"}) + "\n"
                                               + json.dumps({"label": "FIRM", "doc_id": "a", "role": "response"}) + "\n")
    result = runner.invoke(app, ["corpus", "check", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "rows.jsonl:1: unknown label 'SURE'" in result.output
    assert "rows.jsonl:2: missing field 'text'" in result.output
    assert "Traceback" not in result.output


def test_export_command_refuses_to_overwrite(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.jsonl").write_text(export(RECORDS, "jsonl"), encoding="utf-8")
    result = runner.invoke(app, ["corpus", "export", "--to", "doccano", "-o", str(out), str(tmp_path / "c")])
    assert result.exit_code == 1 and out.read_text() == "keep me"
    result = runner.invoke(app, ["corpus", "export", "--to", "doccano", "-o", str(out), "--force", str(tmp_path / "c")])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["label"] == ["FIRM"]
