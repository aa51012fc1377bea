"""``commitnlp score``: score letters and show what each recommendation got."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import errors
from .common import emit, handle_errors


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


def read_inputs(files: list[str]) -> tuple[list, int]:
    """Read every input; report each unreadable one on its own line and count them."""
    from ..readers import read_bytes, read_letter

    letters, failed = [], 0
    for name in files:
        try:
            if name == "-":
                letters.append(read_bytes(sys.stdin.buffer.read(), "<stdin>", ".txt"))
            else:
                letters.append(read_letter(name))
        except errors.InputError as err:
            typer.echo(f"error: {err}", err=True)
            failed += 1
    return letters, failed


def render(results: list[dict], sources: list[str], fmt: Format, follow_up: bool, to_file: bool) -> str:
    """The text of the chosen output format for all results."""
    from ..reports import tabular

    if fmt is Format.html:
        from ..reports import html

        return html.render(results, sources)

    if follow_up:
        if fmt is Format.csv:
            return tabular.follow_up_csv(results)
        if fmt in (Format.json, Format.jsonl):
            import json

            rows = tabular.follow_up_rows(results)
            if fmt is Format.json:
                return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt is Format.json:
        return tabular.to_json(results)
    if fmt is Format.jsonl:
        return tabular.to_jsonl(results)
    if fmt is Format.csv:
        return tabular.to_csv(results)
    from rich.console import Console

    from ..reports import table

    console = Console(record=True, file=None if not to_file else open("/dev/null", "w"),  # noqa: SIM115
                      width=110 if to_file else None)
    if follow_up:
        table.render_follow_up(console, tabular.follow_up_rows(results))
    else:
        for result in results:
            table.render(console, result)
    return console.export_text() if to_file else ""


@handle_errors
def score(
    files: Annotated[list[str], typer.Argument(help="Letters to score (.txt .md .html .docx .pdf); '-' reads standard input.")],
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table (for people), json, jsonl, csv or html (a self-contained report).")] = Format.table,
    out: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")] = None,
    follow_up: Annotated[bool, typer.Option("--follow-up", help="List firm commitments with their check-by dates.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
) -> None:
    """Score response letters: every sentence as FIRM, VAGUE, REFUSAL or NONE, with a verdict per recommendation."""
    from ..pipeline import load, score_letters

    letters, failed = read_inputs(files)
    if letters:
        nlp = load(model)
        results = list(score_letters(nlp, letters))
        text = render(results, [letter.text for letter in letters], fmt, follow_up, to_file=out is not None)
        if text or out is not None:
            emit(text, out, force, encoding="utf-8-sig" if fmt is Format.csv else "utf-8")
    if failed:
        typer.echo(f"{failed} of {len(files)} file(s) could not be scored", err=True)
        raise typer.Exit(1)
