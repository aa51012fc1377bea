"""The ``commitnlp`` command. Each subcommand lives in its own module as a thin wrapper.

Modules import their heavy dependencies inside the command functions, so that
``commitnlp score`` never pays for training, corpus or web code.
"""

from __future__ import annotations

import typer

from . import corpus
from .batch import batch
from .evaluate import evaluate
from .score import score
from .serve import serve
from .suggest import suggest
from .train import train

app = typer.Typer(
    name="commitnlp",
    help="What did a response letter actually promise? Firm commitments, vague intentions and refusals, sentence by sentence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(score)
app.command()(evaluate)
app.command()(train)
app.command()(suggest)
app.command()(batch)
app.command()(serve)
app.add_typer(corpus.app, name="corpus")


def main() -> None:
    """Console-script entry point."""
    app()
