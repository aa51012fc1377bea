"""``commitnlp train``: retrain on the shipped corpus plus an officer's corrections."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import handle_errors


def _figures(title: str, report: dict) -> str:
    lines = [f"{title}: macro-F1 {report['macro_f1']:.3f}, accuracy {report['accuracy']:.3f} ({report['n']} sentences)"]
    for label, m in report["per_label"].items():
        lines.append(f"  {label:<8} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  (n={m['support']})")
    return "\n".join(lines)


def _comparison(comparison: dict) -> str:
    new, current = comparison["new"], comparison["current"]
    lines = [f"On the same held-out documents ({comparison['held_out']}): new vs current model",
             f"  {'':<9}{'new F1':>8}{'current':>9}",
             f"  {'macro':<9}{new['macro_f1']:>8.3f}{current['macro_f1']:>9.3f}"]
    for label in new["per_label"]:
        lines.append(f"  {label:<9}{new['per_label'][label]['f1']:>8.3f}{current['per_label'][label]['f1']:>9.3f}")
    verdict = "better" if new["macro_f1"] > current["macro_f1"] else "not better"
    lines.append(f"  The new model is {verdict} than the current one on macro-F1.")
    return "\n".join(lines)


@handle_errors
def train(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the new model (must not exist unless --force).")],
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", "-c", help="A user corpus directory (repeatable).")] = None,
    base: Annotated[bool, typer.Option("--base/--no-base", help="Also train on the shipped corpus.")] = True,
    current: Annotated[Path | None, typer.Option("--current", help="Model to compare against (default: the shipped model).")] = None,
    user_weight: Annotated[float, typer.Option(help="Weight of each user-corrected sentence relative to a corpus sentence.")] = 3.0,
    report_on: Annotated[list[Path] | None, typer.Option("--report-on", help="Gold JSONL files or directories to evaluate on and record in meta.json.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same data and seed give the same model).")] = 0,
    prior_shift: Annotated[bool, typer.Option("--prior-shift", help="Shift decisions towards the label mix of real letters (more precision, less recall).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
) -> None:
    """Train a new model, compare it with the current one on held-out documents, and save it."""
    from rich.console import Console

    from .. import training
    from ..evaluation import read_gold
    from ..model.train import TrainConfig
    from ..paths import default_model_dir

    if out.exists() and not force:
        from .. import errors

        raise errors.OutputError(out, "already exists; choose another --out or pass --force to replace it")
    extra = {}
    for path in report_on or []:
        rows, _ = read_gold([path])
        extra[path.name] = ([r["text"] for r in rows], [r["label"] for r in rows])
    console = Console(stderr=True)
    with console.status("starting") as status:
        def progress(message: str) -> None:
            status.update(message)
            console.log(message)

        result = training.run(out, corpus or [], base=base, config=TrainConfig(seed=seed, prior_shift=prior_shift), user_weight=user_weight,
                              force=force, current=current if current is not None else default_model_dir(),
                              extra_eval=extra, progress=progress)
    metrics = result["metrics"]
    typer.echo(_figures("Cross-validation (grouped by document)", metrics["cross_validation"]))
    for name in ("dev", "test", *extra):
        if name in metrics:
            typer.echo(_figures(name, metrics[name]))
    if result["comparison"]:
        typer.echo(_comparison(result["comparison"]))
    typer.echo(f"Saved the new model to {result['out']} ({result['info']['training_seconds']} s).")
