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
    from ..corpus.store import base_duplicates
    from ..paths import base_corpus_dir

    dirs = _dirs(paths)
    records, problems = validate(dirs)
    base = base_corpus_dir().resolve()
    if all(base not in (Path(p).resolve(), *Path(p).resolve().parents) for p in dirs):  # a user corpus
        problems += base_duplicates(records, base)
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


UserCorpus = Annotated[Path, typer.Option("--corpus", "-c", help="User corpus directory to add to (created if missing).")]


def _report(report, corpus: Path) -> None:
    for line in report.skipped:
        typer.echo(line, err=True)
    for line in report.invalid:
        typer.echo(f"invalid, not added: {line}", err=True)
    where = f" to {report.path}" if report.path else ""
    typer.echo(f"added {report.added} sentence(s){where}; {len(report.invalid)} invalid and "
               f"{len(report.skipped)} skipped row(s) reported" + (f"; {report.unreviewed} row(s) not reviewed" if report.unreviewed else ""))


@app.command()
@handle_errors
def add(
    sheet: Annotated[Path, typer.Argument(help="A reviewer's sheet from 'score --format csv' with corrected_label filled in.")],
    corpus: UserCorpus = Path("user-corpus"),
    accept_predictions: Annotated[bool, typer.Option("--accept-predictions", help="Also take untouched predicted labels as confirmed.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Add the valid rows and report every invalid one.")] = False,
) -> None:
    """Take a reviewer's corrections into a user corpus (a new file; nothing existing is changed)."""
    from .. import errors
    from ..corpus.formats import read_sheet
    from ..corpus.store import add_rows
    from ..paths import base_corpus_dir

    if not sheet.is_file():
        raise errors.InputError(sheet, "no such sheet")
    _report(add_rows(read_sheet(sheet, accept_predictions), corpus, sheet.name, base_corpus_dir(), skip_invalid), corpus)


@app.command("import")
@handle_errors
def import_(
    file: Annotated[Path, typer.Argument(help="An export of an annotation tool, or a CSV/JSONL of labelled sentences.")],
    source: Annotated[str, typer.Option("--from", help="prodigy, doccano, labelstudio, csv or jsonl.")],
    corpus: UserCorpus = Path("user-corpus"),
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the valid rows and report every invalid one.")] = False,
) -> None:
    """Import labelled sentences from an annotation tool into a user corpus."""
    from .. import errors
    from ..corpus.formats import FORMATS, READERS
    from ..corpus.store import add_rows
    from ..paths import base_corpus_dir

    if source not in READERS:
        raise errors.CorpusError(None, f"unknown format '{source}' (expected one of {', '.join(FORMATS)})")
    if not file.is_file():
        raise errors.InputError(file, "no such file")
    _report(add_rows(READERS[source](file), corpus, file.name, base_corpus_dir(), skip_invalid), corpus)


@app.command()
@handle_errors
def export(
    to: Annotated[str, typer.Option("--to", help="prodigy, doccano, labelstudio, csv or jsonl.")],
    out: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    paths: CorpusDirs = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
) -> None:
    """Export a corpus's labelled sentences for an annotation tool."""
    from ..corpus.formats import export as render
    from ..corpus.load import load_records
    from .common import emit

    emit(render(load_records(_dirs(paths)), to), out, force)
