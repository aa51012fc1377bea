"""What every command shares: one-line errors instead of tracebacks, and safe output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from .. import errors
from ..files import atomic_write

F = TypeVar("F", bound=Callable)


def handle_errors(command: F) -> F:
    """Turn :class:`~commitnlp.errors.CommitnlpError` into ``error: <file>: <problem>`` and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except errors.CommitnlpError as err:
            typer.echo(f"error: {err}", err=True)
            problems = [p for p in getattr(err, "problems", []) if p not in str(err)]
            for problem in problems[:20]:
                typer.echo(f"  {problem}", err=True)
            if len(problems) > 20:
                typer.echo(f"  ... and {len(problems) - 20} more", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def emit(text: str, out: Path | None, force: bool, encoding: str = "utf-8") -> None:
    """Print ``text``, or write it to ``out`` atomically (refusing to overwrite without ``force``)."""
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(out, text, force=force, encoding=encoding)
        typer.echo(f"wrote {out}", err=True)
