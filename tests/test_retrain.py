"""The officer's loop: score -> correct in a sheet -> corpus add -> train -> the new model agrees."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest
from typer.testing import CliRunner

from commitnlp.cli import app
from commitnlp.paths import default_model_dir

from .conftest import EXAMPLE

runner = CliRunner()


def _tree_hash(path) -> str:
    digest = hashlib.sha256()
    for item in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(item.relative_to(path)).encode() + item.read_bytes())
    return digest.hexdigest()


def _sheet(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.mark.slow
def test_full_correction_loop(tmp_path):
    shipped_before = _tree_hash(default_model_dir())
    sheet = tmp_path / "sheet.csv"
    assert runner.invoke(app, ["score", str(EXAMPLE), "--format", "csv", "-o", str(sheet)]).exit_code == 0
    rows = _sheet(sheet)
    flips = {"FIRM": "VAGUE", "VAGUE": "NONE", "NONE": "FIRM", "REFUSAL": "NONE"}
    corrected = {}
    for row in rows:
        if row["role"] == "response" and len(corrected) < 4 and row["label"] in flips:
            row["corrected_label"] = flips[row["label"]].lower()  # officers type in any case
            corrected[row["text"]] = flips[row["label"]]
    with sheet.open("w", encoding="cp1252", newline="") as fh:  # as Excel saves it
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    user = tmp_path / "my-corpus"
    added = runner.invoke(app, ["corpus", "add", str(sheet), "--corpus", str(user)])
    assert added.exit_code == 0 and "added 4 sentence(s)" in added.output
    new = tmp_path / "new-model"
    trained = runner.invoke(app, ["train", "--corpus", str(user), "--out", str(new)])
    assert trained.exit_code == 0, trained.output
    assert "new vs current model" in trained.output and "Cross-validation" in trained.output
    import commitnlp
    from commitnlp.evaluation import classify_texts

    model = commitnlp.load(new)
    labels = model.get_pipe("commitment_classifier").labels
    predicted = [labels[i] for i in classify_texts(model, list(corrected)).argmax(axis=1)]
    assert predicted == list(corrected.values())
    assert model.meta["commitnlp"]["user_sentences"] == 4
    assert _tree_hash(default_model_dir()) == shipped_before
    again = runner.invoke(app, ["train", "--corpus", str(user), "--out", str(new)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_train_refuses_too_little_data(tmp_path):
    user = tmp_path / "tiny"
    user.mkdir()
    (user / "a.jsonl").write_text('{"text": "We will act.", "label": "FIRM", "doc_id": "a", "role": "response"}\n')
    result = runner.invoke(app, ["train", "--no-base", "--corpus", str(user), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and "too little to train on" in result.output
    assert not (tmp_path / "m").exists()


def test_suggest_makes_a_sheet_for_corpus_add(tmp_path):
    sheet = tmp_path / "next.csv"
    result = runner.invoke(app, ["suggest", str(EXAMPLE), "-n", "6", "-o", str(sheet)])
    assert result.exit_code == 0 and "suggested 6 sentence(s)" in result.output
    rows = _sheet(sheet)
    assert len(rows) == 6 and all(r["role"] == "response" and r["corrected_label"] == "" for r in rows)
    uncertainty = [float(r["uncertainty"]) for r in rows]
    assert uncertainty == sorted(uncertainty, reverse=True)
    assert len({r["label"] for r in rows}) >= 2  # spread across predicted labels
    added = runner.invoke(app, ["corpus", "add", str(sheet), "--corpus", str(tmp_path / "c"), "--accept-predictions"])
    counts = re.search(r"added (\d+) sentence\(s\).*; 0 invalid and (\d+) skipped", added.output)
    assert added.exit_code == 0 and counts and int(counts[1]) + int(counts[2]) == 6  # skipped: already in the corpus
