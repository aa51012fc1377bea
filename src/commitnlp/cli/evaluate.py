"""``commitnlp evaluate``: accuracy, macro-F1, per-label figures and confusion matrix on gold rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import emit, handle_errors


@handle_errors
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="JSONL files (or directories of them) with 'text' and 'label'.")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Write each row with 'predicted' and 'scores' added.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the predictions file if it exists.")] = False,
) -> None:
    """Measure a model against hand-labelled sentences."""
    from ..evaluation import evaluate as run, format_report, read_gold
    from ..pipeline import load

    rows, skipped = read_gold(gold)
    report, predicted = run(load(model), rows)
    if predictions is not None:
        emit("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in predicted), predictions, force)
    if as_json:
        typer.echo(json.dumps({**report, "skipped": skipped}, indent=2))
    else:
        typer.echo(format_report(report) + (f"\n({skipped} structure or unclean rows left out)" if skipped else ""))
