"""``commitnlp suggest``: the sentences most worth a reviewer's time, as a sheet for ``corpus add``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import emit, handle_errors


@handle_errors
def suggest(
    paths: Annotated[list[str], typer.Argument(help="Letters (or directories of letters) to draw sentences from.")],
    n: Annotated[int, typer.Option("-n", help="How many sentences to suggest.")] = 50,
    out: Annotated[Path, typer.Option("--output", "-o", help="The sheet to write (CSV).")] = Path("to-review.csv"),
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the sheet if it exists.")] = False,
) -> None:
    """Pick the sentences the model is least sure of, spread across letters and labels."""
    from ..active import pick_uncertain, suggestion_sheet
    from ..archive import find_letters
    from ..pipeline import load, score_letters
    from .score import read_inputs

    files = [str(p) for p in find_letters(paths)]
    letters, failed = read_inputs(files)
    results = list(score_letters(load(model), letters)) if letters else []
    chosen = pick_uncertain(results, n)
    emit(suggestion_sheet(results, chosen), out, force, encoding="utf-8-sig")
    typer.echo(f"suggested {len(chosen)} sentence(s) from {len(results)} letter(s)" + (f"; {failed} file(s) could not be read" if failed else ""))
    if failed:
        raise typer.Exit(1)
