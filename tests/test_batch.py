"""Batch scoring: tables, errors, resuming, interruption, formats, and the Dask engine."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commitnlp import batch, tables
from commitnlp.cli import app

from .conftest import EXAMPLE

runner = CliRunner()


@pytest.fixture()
def archive(tmp_path) -> Path:
    root = tmp_path / "archive"
    (root / "2024").mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(4):
        (root / "2024" / f"letter-{i}.txt").write_text(text.replace("Westmere", f"Westmere {i}"), encoding="utf-8")
    (root / "letter.html").write_text("<p>Recommendation 1 - The Force should act.</p><p>We will act by June.</p>")
    (root / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> nothing else")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 8)
    (root / "notes.xyz").write_text("not a letter format, ignored when walking")
    return root


def run_cli(*args):
    return runner.invoke(app, ["batch", *map(str, args), "--quiet"])


def letters(outdir: Path, fmt: str = "parquet") -> list[dict]:
    return tables.read_table(outdir, "letters", fmt)


def assert_no_duplicates(outdir: Path, fmt: str = "parquet") -> None:
    sentences = tables.read_table(outdir, "sentences", fmt)
    assert not [k for k, n in Counter((r["file"], r["index"]) for r in sentences).items() if n > 1]
    assert not [k for k, n in Counter(r["file"] for r in letters(outdir, fmt)).items() if n > 1]


def test_good_files_scored_bad_files_in_errors(archive, tmp_path):
    out = tmp_path / "out"
    result = run_cli(archive, "-o", out, "--jobs", "2")
    assert result.exit_code == 1  # some files failed
    rows = {Path(r["file"]).name: r for r in letters(out)}
    assert {name for name, r in rows.items() if r["status"] == "scored"} == {f"letter-{i}.txt" for i in range(4)} | {"letter.html"}
    errors = {Path(r["file"]).name: r["message"] for r in tables.read_table(out, "errors", "parquet")}
    assert set(errors) == {"broken.pdf", "empty.txt", "image.txt"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["image.txt"] and "PDF" in errors["broken.pdf"]
    recs = tables.read_table(out, "recommendations", "parquet")
    assert {r["verdict"] for r in recs} >= {"committed", "refused"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["scored"] == 5 and manifest["counts"]["failed"] == 3 and manifest["complete"]
    assert_no_duplicates(out)

    second = run_cli(archive, "-o", out)
    assert "0 scored, 8 unchanged" in second.output
    assert json.loads((out / "manifest.json").read_text())["counts"]["scored"] == 0

    changed = archive / "2024" / "letter-2.txt"
    changed.write_text(changed.read_text() + "\nWe will publish the review by May.\n", encoding="utf-8")
    third = run_cli(archive, "-o", out)
    assert "1 scored, 7 unchanged" in third.output
    assert_no_duplicates(out)
    sentences = [r for r in tables.read_table(out, "sentences", "parquet") if r["file"] == str(changed)]
    assert any("publish the review by May" in r["text"] for r in sentences)


def test_new_model_rescores_everything(archive, tmp_path, nlp):
    out = tmp_path / "out"
    run_cli(archive, "-o", out)
    other = tmp_path / "retrained"
    nlp.to_disk(other)
    meta = json.loads((other / "meta.json").read_text())
    meta["version"] = "0.1.1"
    (other / "meta.json").write_text(json.dumps(meta))
    result = run_cli(archive, "-o", out, "--model", other)
    assert "8 letters: 5 scored, 0 unchanged" in result.output
    assert {r["model"] for r in letters(out)} == {next(iter({r["model"] for r in letters(out)}))}
    assert_no_duplicates(out)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_other_formats(archive, tmp_path, fmt):
    out = tmp_path / "out"
    run_cli(archive, "-o", out, "--format", fmt)
    assert len(letters(out, fmt)) == 8
    assert all(p.suffix == f".{fmt}" for p in (out / "sentences").iterdir())
    assert_no_duplicates(out, fmt)


def _killer(paths, model_dir, model):
    if any("letter-3" in p for p in paths):
        os._exit(1)  # a worker dies mid-run (out of memory, killed by the scheduler, ...)
    return _real_score_chunk(paths, model_dir, model)


_real_score_chunk = batch.score_chunk


def test_killed_worker_leaves_consistent_tables_and_rerun_finishes(archive, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "CHUNK_FILES", 1)
    monkeypatch.setattr(batch, "score_chunk", _killer)
    options = batch.BatchOptions(outdir=out, model_dir=Path(__file__).resolve().parents[1] / "models" / "commitnlp-default",
                                 jobs=2, chunk_files=1)
    with pytest.raises(Exception, match="stopped early"):
        batch.run([str(archive)], options)
    assert json.loads((out / "manifest.json").read_text())["complete"] is False
    assert_no_duplicates(out)
    partial = len(letters(out))
    monkeypatch.setattr(batch, "score_chunk", _real_score_chunk)
    stats = batch.run([str(archive)], options)
    assert stats.skipped == partial and len(letters(out)) == 8
    assert_no_duplicates(out)


def test_half_written_chunk_is_dropped_on_restart(archive, tmp_path):
    out = tmp_path / "out"
    run_cli(archive, "-o", out)
    orphan = tables.part_path(out, "sentences", 99, "parquet")
    shutil.copy(next((out / "sentences").iterdir()), orphan)  # a chunk whose letters part never landed
    run_cli(archive, "-o", out)
    assert not orphan.exists()
    assert_no_duplicates(out)


def test_refuses_a_directory_that_is_not_a_batch_output(archive, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    result = run_cli(archive, "-o", out)
    assert result.exit_code == 1 and "not empty" in result.output
    assert (out / "thesis.docx").read_text() == "precious"


def test_dask_engine_gives_the_same_rows(archive, tmp_path):
    pytest.importorskip("dask.distributed")
    local, distributed = tmp_path / "local", tmp_path / "dask"
    run_cli(archive, "-o", local, "--jobs", "1")
    run_cli(archive, "-o", distributed, "--engine", "dask", "--jobs", "2")

    def comparable(outdir):
        rows = tables.read_table(outdir, "sentences", "parquet")
        return sorted((r["file"], r["index"], r["text"], r["label"], r["confidence"]) for r in rows)

    assert comparable(local) == comparable(distributed)
    assert sorted(r["file"] for r in tables.read_table(local, "errors", "parquet")) == \
        sorted(r["file"] for r in tables.read_table(distributed, "errors", "parquet"))
