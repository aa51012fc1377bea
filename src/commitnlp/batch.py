"""``commitnlp batch``: score an archive of letters into tables, resumably, on one machine or many.

The run, in order:

1. **Recover**: parts of a chunk whose ``letters`` part never landed (a crash mid-commit)
   are removed, so the tables hold only whole chunks.
2. **Plan**: every supported file under the given paths is hashed; a file already in the
   ``letters`` table with the same content hash and model id is skipped, everything else is
   (re)scored.
3. **Score**: chunks of files go to workers (processes here, or a Dask cluster), each of which
   loads the model once and scores with ``nlp.pipe``; a file that cannot be read becomes an
   ``errors`` row and the run goes on.
4. **Commit**: as each chunk comes back, older rows of its files are removed from earlier
   parts, then its parts are written, ``letters`` last. An interruption at any point leaves
   whole chunks only; the next run picks up what is missing.
5. **Manifest**: ``manifest.json`` records the model, options, counts and times.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import errors, tables
from .archive import find_letters
from .files import atomic_write

CHUNK_FILES = 32
"""Letters per chunk: the unit of work sent to a worker and of commit to the tables."""


@dataclass
class BatchOptions:
    outdir: Path
    model_dir: Path
    fmt: str = "parquet"
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    chunk_files: int = CHUNK_FILES


@dataclass
class BatchStats:
    files: int = 0
    skipped: int = 0
    scored: int = 0
    failed: int = 0
    sentences: int = 0
    started: str = ""
    finished: str = ""
    interrupted: bool = False
    still_failing: int = 0
    """Unchanged letters that failed in an earlier run (still listed in ``errors``)."""
    failures: list[str] = field(default_factory=list)


def model_fingerprint(model_dir: Path) -> str:
    """SHA-256 over the model directory's files: a retrained model gets a new fingerprint."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(model_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# Worker side ------------------------------------------------------------------------------

_NLP = None


def _worker_nlp(model_dir: str):
    global _NLP
    if _NLP is None:
        from .pipeline import load

        _NLP = load(model_dir)
    return _NLP


def score_chunk(paths: Sequence[str], model_dir: str, model: str) -> list[dict[str, list[dict]]]:
    """Score one chunk of files; every file gives table rows, a failure included."""
    from .pipeline import score_letters
    from .readers import read_letter

    nlp = _worker_nlp(model_dir)
    scored_at = _now()
    readable, out = [], {}
    for path in paths:
        try:
            readable.append(read_letter(path))
        except errors.InputError as err:
            out[path] = tables.rows_for_failure(path, _sha(Path(path)), model, "InputError", err.problem, scored_at)
    for letter, result in zip(readable, score_letters(nlp, readable)):
        out[letter.name] = tables.rows_for_result(result, model, scored_at)
    return [out[path] for path in paths]


# Coordinator side -------------------------------------------------------------------------

def _recover(outdir: Path, fmt: str) -> dict[str, tuple[str | None, str, int, str]]:
    """Drop parts of uncommitted chunks; return ``path -> (sha256, model, chunk, status)`` of committed files."""
    committed = {tables.part_chunk(p) for p in tables.list_parts(outdir, "letters", fmt)}
    for table in tables.TABLES:
        for part in tables.list_parts(outdir, table, fmt):
            if tables.part_chunk(part) not in committed:
                part.unlink()
        directory = outdir / table
        if directory.is_dir():
            for leftover in directory.glob(".part-*.tmp"):
                leftover.unlink()
    done = {}
    for part in tables.list_parts(outdir, "letters", fmt):
        for row in tables.read_part(part, "letters", fmt):
            done[row["file"]] = (row["sha256"], row["model"], tables.part_chunk(part), row["status"])
    return done


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _remove_files(outdir: Path, fmt: str, files: set[str], chunks: set[int]) -> None:
    """Remove every row of ``files`` from the given committed chunks (``letters`` last)."""
    for table in ("sentences", "recommendations", "errors", "letters"):
        for chunk in sorted(chunks):
            path = tables.part_path(outdir, table, chunk, fmt)
            if not path.exists():
                continue
            rows = tables.read_part(path, table, fmt)
            kept = [row for row in rows if row["file"] not in files]
            if len(kept) != len(rows):
                tables.write_part(outdir, table, chunk, kept, fmt, force=True)


def _commit(outdir: Path, fmt: str, chunk: int, results: list[dict[str, list[dict]]],
            done: dict[str, tuple[str | None, str, int, str]]) -> None:
    files = {rows["letters"][0]["file"] for rows in results}
    stale = {done[f][2] for f in files if f in done}
    if stale:
        _remove_files(outdir, fmt, files, stale)
    for table in ("sentences", "recommendations", "errors", "letters"):
        tables.write_part(outdir, table, chunk, [row for rows in results for row in rows[table]], fmt)
    for rows in results:
        letter = rows["letters"][0]
        done[letter["file"]] = (letter["sha256"], letter["model"], chunk, letter["status"])


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _local_results(chunks: list[list[str]], options: BatchOptions, model: str) -> Iterator[list[dict]]:
    if options.jobs <= 1:
        for chunk in chunks:
            yield score_chunk(chunk, str(options.model_dir), model)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=context) as pool:
        pending = {}
        queue = list(chunks)
        while queue or pending:
            while queue and len(pending) < options.jobs * 2:
                chunk = queue.pop(0)
                pending[pool.submit(score_chunk, chunk, str(options.model_dir), model)] = chunk
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                pending.pop(future)
                yield future.result()


def _dask_results(chunks: list[list[str]], options: BatchOptions, model: str) -> Iterator[list[dict]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise errors.CommitnlpError(None, "the Dask engine needs the optional dependency: pip install 'commitnlp[dask]'") from None
    cluster = None
    if options.scheduler:
        client = Client(options.scheduler)
    else:
        cluster = LocalCluster(n_workers=max(options.jobs, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(score_chunk, chunks, model_dir=str(options.model_dir), model=model, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


ENGINES: dict[str, Callable[[list[list[str]], BatchOptions, str], Iterator[list[dict]]]] = {
    "local": _local_results,
    "dask": _dask_results,
}


def run(paths: Sequence[str], options: BatchOptions, progress: Callable[[int, int], None] | None = None) -> BatchStats:
    """Score every letter under ``paths`` into the tables of ``options.outdir``."""
    from .pipeline import load, model_id

    stats = BatchStats(started=_now())
    outdir = options.outdir
    if outdir.exists() and not outdir.is_dir():
        raise errors.OutputError(outdir, "is a file; the batch output must be a directory")
    manifest_path = outdir / "manifest.json"
    if outdir.is_dir() and manifest_path.exists():
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        if previous.get("options", {}).get("format") not in (None, options.fmt):
            raise errors.OutputError(outdir, f"holds {previous['options']['format']} tables; rerun with --format {previous['options']['format']} or use a new directory")
    elif outdir.is_dir() and any(outdir.iterdir()):
        raise errors.OutputError(outdir, "is not empty and is not a commitnlp batch output; choose a new directory")
    outdir.mkdir(parents=True, exist_ok=True)
    nlp = load(options.model_dir)  # fail early, and once, on a bad model
    model = f"{model_id(nlp)}#{model_fingerprint(Path(options.model_dir))[:12]}"
    done = _recover(outdir, options.fmt)
    files = [str(p) for p in find_letters(paths)]
    if not files:
        raise errors.InputError(", ".join(paths), "no letters found (supported: .txt .md .html .docx .pdf)")
    stats.files = len(files)
    todo = []
    for path in files:
        previous = done.get(path)
        if previous is not None and previous[1] == model and previous[0] == _sha(Path(path)):
            stats.skipped += 1
            if previous[3] == "failed":
                stats.still_failing += 1
        else:
            todo.append(path)
    chunk_ids = [tables.part_chunk(p) for p in tables.list_parts(outdir, "letters", options.fmt)]
    next_chunk = max(chunk_ids, default=-1) + 1
    chunks = list(_chunks(todo, options.chunk_files))
    if progress:
        progress(0, 0)
    try:
        for results in ENGINES[options.engine](chunks, options, model):
            _commit(outdir, options.fmt, next_chunk, results, done)
            next_chunk += 1
            for rows in results:
                letter = rows["letters"][0]
                if letter["status"] == "failed":
                    stats.failed += 1
                    stats.failures.append(f"{letter['file']}: {rows['errors'][0]['message']}")
                else:
                    stats.scored += 1
                    stats.sentences += len(rows["sentences"])
            if progress:
                progress(len(results), sum(len(r["sentences"]) for r in results))
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    except errors.CommitnlpError:
        raise
    except Exception as err:  # a worker died (killed, out of memory): committed chunks stay
        stats.interrupted = True
        raise errors.CommitnlpError(outdir, f"the run stopped early ({type(err).__name__}: {err}); "
                                            "completed letters are saved, rerun the same command to finish") from None
    finally:
        stats.finished = _now()
        _write_manifest(outdir, options, model, stats)
    return stats


def _write_manifest(outdir: Path, options: BatchOptions, model: str, stats: BatchStats) -> None:
    manifest = {
        "model": {"id": model, "directory": str(options.model_dir)},
        "options": {"format": options.fmt, "jobs": options.jobs, "engine": options.engine,
                    "scheduler": options.scheduler, "chunk_files": options.chunk_files},
        "counts": {"files": stats.files, "skipped_unchanged": stats.skipped, "scored": stats.scored,
                   "failed": stats.failed,
                   "unchanged_failed": stats.still_failing, "sentences": stats.sentences},
        "tables": {table: f"{table}/part-*{tables.FORMATS[options.fmt]}" for table in tables.TABLES},
        "started": stats.started,
        "finished": stats.finished,
        "complete": not stats.interrupted,
    }
    atomic_write(outdir / "manifest.json", json.dumps(manifest, indent=2) + "\n", force=True)


def letters_in(paths: Iterable[str]) -> int:
    """How many letters a run over ``paths`` would consider (for progress bars)."""
    return len(find_letters(list(paths)))

