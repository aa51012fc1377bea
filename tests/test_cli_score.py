"""``commitnlp score``: every output format, and every bad input answered in one line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from commitnlp.cli import app

from .conftest import EXAMPLE

runner = CliRunner()


def score(*args, input=None):
    return runner.invoke(app, ["score", *map(str, args)], input=input)


def test_table_output_for_people():
    result = score(EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Recommendation 1: COMMITTED" in result.output
    assert "Recommendation 5: REFUSED" in result.output
    assert "Commitment index" in result.output


def test_jsonl_is_the_machine_contract():
    result = score(EXAMPLE, "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    source = EXAMPLE.read_text(encoding="utf-8")
    for row in rows:
        assert {"file", "index", "start", "end", "text", "role", "recommendation", "label", "confidence", "scores"} <= set(row)
        assert source[row["start"]:row["end"]] == row["text"]
        assert (row["label"] is None) == (row["role"] != "response")
    assert [r["index"] for r in rows] == list(range(len(rows)))


def test_json_has_sentences_recommendations_and_summary():
    result = score(EXAMPLE, "--format", "json")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["recommendations"]] == ["1", "2", "3", "4", "5"]
    assert data["summary"]["recommendations"] == 5 and data["letter_date"] == "2025-03-06"
    assert 0 <= data["summary"]["commitment_index"] <= 100


def test_csv_sheet_for_reviewers(tmp_path):
    out = tmp_path / "sheet.csv"
    result = score(EXAMPLE, "--format", "csv", "-o", out)
    assert result.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and all(r["corrected_label"] == "" for r in rows)
    assert {"file", "doc_id", "recommendation", "text", "label", "confidence"} <= set(rows[0])


def test_output_is_never_overwritten_without_force(tmp_path):
    out = tmp_path / "result.json"
    out.write_text("my notes")
    result = score(EXAMPLE, "--format", "json", "-o", out)
    assert result.exit_code == 1 and "already exists" in result.output
    assert out.read_text() == "my notes"
    assert score(EXAMPLE, "--format", "json", "-o", out, "--force").exit_code == 0
    assert json.loads(out.read_text())["file"] == str(EXAMPLE)


def test_follow_up_lists_dated_firm_commitments():
    result = score(EXAMPLE, "--follow-up", "--format", "json")
    rows = json.loads(result.stdout)
    dated = {row["check_by"]: row["expression"] for row in rows if row["check_by"]}
    assert dated.get("2025-09-30") == "by 30 September 2025"


def test_standard_input():
    result = score("-", "--format", "jsonl", input=EXAMPLE.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["file"] == "<stdin>"


@pytest.mark.parametrize("make, problem", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: (d / "empty.txt", (d / "empty.txt").write_text(""))[0], "empty"),
    (lambda d: (d / "bin.txt", (d / "bin.txt").write_bytes(b"\x00\x01\x02" * 100))[0], "binary"),
    (lambda d: d, "directory"),
])
def test_bad_inputs_give_one_line_and_nonzero_exit(tmp_path, make, problem):
    path = make(tmp_path)
    result = score(path)
    assert result.exit_code == 1
    assert problem in result.output and str(path) in result.output
    assert "Traceback" not in result.output


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = score(bad, EXAMPLE, "--format", "jsonl")
    assert result.exit_code == 1
    files = {json.loads(line)["file"] for line in result.stdout.splitlines()}
    assert files == {str(EXAMPLE)}
    assert "1 of 2 file(s) could not be scored" in result.output


@pytest.mark.parametrize("damage, problem", [
    (lambda d: d / "nowhere", "no such model directory"),
    (lambda d: (d / "empty").mkdir() or d / "empty", "missing config.cfg"),
    (lambda d: ((d / "foreign").mkdir(), (d / "foreign" / "config.cfg").write_text("[nlp]"),
                (d / "foreign" / "meta.json").write_text('{"pipeline": ["ner"]}'))[0] or d / "foreign", "not a commitnlp model"),
])
def test_damaged_or_foreign_model(tmp_path, damage, problem):
    result = score(EXAMPLE, "--model", damage(tmp_path))
    assert result.exit_code == 1 and problem in result.output and "Traceback" not in result.output


def test_damaged_classifier_weights(tmp_path, nlp):
    nlp.to_disk(tmp_path / "copy")
    (tmp_path / "copy" / "commitment_classifier" / "weights.npz").write_bytes(b"not an archive")
    result = score(EXAMPLE, "--model", tmp_path / "copy")
    assert result.exit_code == 1 and "weights" in result.output and "Traceback" not in result.output
