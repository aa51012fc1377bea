"""``commitnlp batch``: score an archive into tables (see :mod:`commitnlp.batch`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .common import handle_errors


class TableFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@handle_errors
def batch(
    paths: Annotated[list[str], typer.Argument(help="Letters, directories (searched recursively) or glob patterns.")],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Directory for the tables (reused to resume).")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: the machine's cores).")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Table format.")] = TableFormat.parquet,
    engine: Annotated[Engine, typer.Option(help="local processes, or a Dask cluster (pip install 'commitnlp[dask]').")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (default: a local cluster).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; print only the final summary.")] = False,
) -> None:
    """Score every letter in an archive into sentences, recommendations, letters and errors tables."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..batch import BatchOptions, letters_in, run
    from ..machine import cpu_count
    from ..paths import default_model_dir

    options = BatchOptions(outdir=outdir, model_dir=model if model is not None else default_model_dir(),
                           fmt=fmt.value, jobs=jobs or cpu_count(), engine=engine.value, scheduler=scheduler)
    if quiet:
        stats = run(paths, options)
    else:
        columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TextColumn("letters"),
                   TextColumn("{task.fields[rate]} sentences/s"), TimeRemainingColumn())
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task("letters", total=letters_in(paths), rate="-")
            started, sentences = [0.0], [0]

            def progress(files: int, new_sentences: int) -> None:
                import time

                if not started[0]:
                    started[0] = time.perf_counter()
                sentences[0] += new_sentences
                elapsed = max(time.perf_counter() - started[0], 1e-9)
                bar.update(task, advance=files, rate=f"{sentences[0] / elapsed:,.0f}" if sentences[0] else "-")

            stats = run(paths, options, progress)
            bar.update(task, completed=stats.files)
    for failure in stats.failures:
        typer.echo(f"error: {failure}", err=True)
    typer.echo(f"{stats.files} letters: {stats.scored} scored, {stats.skipped} unchanged (skipped), "
               f"{stats.failed} failed; {stats.sentences} sentences written to {outdir}"
               + (f"; {stats.still_failing} unchanged letter(s) still in the errors table" if stats.still_failing else ""))
    if stats.failed or stats.still_failing:
        raise typer.Exit(1)
