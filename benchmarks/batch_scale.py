"""Batch scoring at archive scale: 1,000 / 3,000 / 10,000 letters, time and peak memory.

    python benchmarks/batch_scale.py [--sizes 1000 3000 10000] [--jobs 2]

The letters are made from the corpus documents (each copy gets its own reference line, so
every file is distinct), written to a temporary archive, and scored by
``commitnlp batch --jobs N --quiet`` as a separate process. Peak memory is the largest total
resident memory of that process and its workers, sampled every 0.2 s from ``/proc``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import save


def make_archive(root: Path, n: int) -> int:
    from commitnlp.corpus.load import load_records
    from commitnlp.corpus.records import document_text, iter_documents
    from commitnlp.paths import base_corpus_dir

    texts = [document_text(rows)[0] for _, rows in iter_documents(load_records([base_corpus_dir()]))]
    total = 0
    for i in range(n):
        folder = root / f"{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"Archive reference: BENCH/{i:06d}\n\n" + texts[i % len(texts)]
        (folder / f"letter-{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run(n: int, jobs: int) -> dict:
    commitnlp_bin = str(Path(sys.executable).with_name("commitnlp"))
    with tempfile.TemporaryDirectory() as tmp:
        archive, out = Path(tmp) / "archive", Path(tmp) / "out"
        chars = make_archive(archive, n)
        started = time.perf_counter()
        process = subprocess.Popen([commitnlp_bin, "batch", str(archive), "-o", str(out), "--jobs", str(jobs), "--quiet"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = [0]

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_rss_kb(process.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample)
        sampler.start()
        output, errors = process.communicate()
        sampler.join()
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise SystemExit(f"batch failed: {errors}")
    return {"letters": n, "characters": chars, "seconds": round(seconds, 1), "letters_per_second": round(n / seconds, 1),
            "peak_memory_mb": round(peak[0] / 1024), "summary": output.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        rows.append(run(n, args.jobs))
        print(rows[-1], flush=True)
    save("batch_scale", {"jobs": args.jobs, "runs": rows})


if __name__ == "__main__":
    main()
