"""``commitnlp corpus ...``: check, describe and extend annotated corpora."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import handle_errors

app = typer.Typer(help="Check, describe and extend annotated corpora.", no_args_is_help=True)

CorpusDirs = Annotated[list[Path] | None, typer.Argument(help="Corpus directories or files (default: the shipped corpus).")]


def _dirs(paths: list[Path] | None) -> list[Path]:
    from ..paths import base_corpus_dir

    return list(paths) if paths else [base_corpus_dir()]


@app.command()
@handle_errors
def stats(paths: CorpusDirs = None) -> None:
    """Print the composition table (the one corpus/DATASHEET.md shows)."""
    from ..corpus.load import load_records, read_splits
    from ..corpus.stats import composition, composition_markdown

    dirs = _dirs(paths)
    typer.echo(composition_markdown(composition(load_records(dirs), read_splits(dirs))), nl=False)


@app.command()
@handle_errors
def check(
    paths: CorpusDirs = None,
    floors: Annotated[bool, typer.Option("--floors/--no-floors", help="Also check the shipped corpus's size, coverage and label floors.")] = False,
    realdev: Annotated[Path | None, typer.Option(help="Real-letter gold files that no corpus sentence may copy.")] = None,
) -> None:
    """Validate every row (file and line for each problem), find near-duplicates and copies."""
    from .. import errors
    from ..corpus.load import read_splits, validate
    from ..corpus.stats import check_floors, composition, near_duplicate_share, near_duplicates, realdev_overlap

    dirs = _dirs(paths)
    records, problems = validate(dirs)
    for problem in problems:
        typer.echo(problem, err=True)
    pairs = near_duplicates(records)
    share = near_duplicate_share(records, pairs)
    for first, second, why in pairs:
        typer.echo(f"near-duplicate: {second.where} and {first.where}: {why}", err=True)
    failures = []
    if floors:
        failures = check_floors(composition(records, read_splits(dirs)), share)
    if realdev is not None:
        copies = realdev_overlap(records, realdev)
        failures += [f"{r.where}: copies a sentence of {realdev}" for r in copies]
    for failure in failures:
        typer.echo(f"floor: {failure}", err=True)
    typer.echo(f"{len(records)} rows checked: {len(problems)} bad, {len(pairs)} near-duplicates ({share:.2%}), "
               f"{len(failures)} other problems")
    if problems or failures or share >= 0.01:
        raise typer.Exit(1)
    if not records:
        raise errors.CorpusError(dirs[0], "no rows")
