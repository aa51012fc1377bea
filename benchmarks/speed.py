"""Speed and size, each as a ratio to bare spaCy measured in the same run.

    python benchmarks/speed.py [--rounds 3] [--cold-runs 7]

* throughput: every letter of the corpus scored by the full pipeline (normalise, structure,
  classify, aggregate) against spaCy's ``blank("en")`` tokenizer plus ``sentencizer`` on the
  same texts, in one process, best of ``--rounds`` alternating rounds;
* cold start: a fresh ``commitnlp score`` of the example letter against a fresh
  ``python -c "import spacy; spacy.blank('en')"``, interleaved, median of ``--cold-runs``;
* retrain: wall time and peak memory of ``commitnlp train`` on the shipped corpus;
* size: the model directory on disk; peak memory of scoring one letter.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import RESULTS, ROOT, save

EXAMPLE = ROOT / "examples" / "police-response-letter.txt"


def _letters():
    from commitnlp.corpus.load import load_records
    from commitnlp.corpus.records import document_text, iter_documents
    from commitnlp.paths import base_corpus_dir
    from commitnlp.readers import Letter

    return [Letter(name=doc_id, text=document_text(rows)[0], sha256=doc_id)
            for doc_id, rows in iter_documents(load_records([base_corpus_dir()]))]


def throughput(rounds: int) -> dict:
    import spacy

    import commitnlp
    from commitnlp.pipeline import score_letters

    letters = _letters()
    texts = [letter.text for letter in letters]
    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    nlp = commitnlp.load()
    list(score_letters(nlp, letters[:5]))  # warm both
    list(bare.pipe(texts[:5]))
    best_bare = best_full = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        bare_sentences = sum(len(list(doc.sents)) for doc in bare.pipe(texts))
        best_bare = min(best_bare, time.perf_counter() - started)
        started = time.perf_counter()
        full_sentences = sum(len(result["sentences"]) for result in score_letters(nlp, letters))
        best_full = min(best_full, time.perf_counter() - started)
    return {"letters": len(letters), "bare_seconds": round(best_bare, 3), "full_seconds": round(best_full, 3),
            "bare_sentences_per_second": round(bare_sentences / best_bare), "full_sentences_per_second": round(full_sentences / best_full),
            "bare_sentences": bare_sentences, "full_sentences": full_sentences,
            "time_ratio": round(best_bare / best_full, 3),
            "sentences_per_second_ratio": round((full_sentences / best_full) / (bare_sentences / best_bare), 3)}


def _run(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold_start(runs: int) -> dict:
    commitnlp_bin = str(Path(sys.executable).with_name("commitnlp"))
    bare = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    score = [commitnlp_bin, "score", str(EXAMPLE), "--format", "jsonl"]
    _run(bare), _run(score)  # warm the file cache
    bare_times, score_times = [], []
    for _ in range(runs):
        bare_times.append(_run(bare))
        score_times.append(_run(score))
    b, s = statistics.median(bare_times), statistics.median(score_times)
    return {"bare_spacy_seconds": round(b, 3), "score_seconds": round(s, 3), "ratio": round(s / b, 3), "runs": runs}


def _peak_child_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def retrain() -> dict:
    commitnlp_bin = str(Path(sys.executable).with_name("commitnlp"))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([commitnlp_bin, "train", "--out", str(Path(tmp) / "m"), "--current", str(Path(tmp) / "none")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "peak_memory_mb": round(_peak_child_mb())}


def size_and_memory() -> dict:
    from commitnlp.paths import default_model_dir

    model = default_model_dir()
    size = sum(p.stat().st_size for p in model.rglob("*") if p.is_file())
    code = ("import resource, commitnlp, commitnlp.pipeline as p, commitnlp.readers as r;"
            f"next(p.score_letters(commitnlp.load(), [r.read_letter({str(EXAMPLE)!r})]));"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    peak = float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip())
    return {"model_mb": round(size / 2**20, 2), "score_one_letter_peak_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--skip-retrain", action="store_true")
    args = parser.parse_args()
    payload = {"throughput": throughput(args.rounds), "cold_start": cold_start(args.cold_runs), **size_and_memory()}
    if not args.skip_retrain:
        payload["retrain"] = retrain()
    elif (RESULTS / "speed.json").exists():  # keep the last measured retrain
        import json

        payload["retrain"] = json.loads((RESULTS / "speed.json").read_text()).get("retrain")
    save("speed", payload)
    for key, value in payload.items():
        print(key, value)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
