"""The people's view: each recommendation, its verdict and its sentences, coloured by label.

Colour is never the only signal: every sentence also carries its label as a text tag, so
the output reads the same on a greyscale printout, in a log file or to a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.text import Text

STYLES = {"FIRM": "bold green", "VAGUE": "yellow", "REFUSAL": "bold red", "NONE": "dim"}
VERDICT_STYLES = {"committed": "bold green", "vague": "yellow", "refused": "bold red",
                  "no commitment": "dim", "not answered": "dim italic"}


def _sentence_line(sentence: dict) -> Text:
    label = sentence["label"]
    style = STYLES[label]
    return Text.assemble("  ", (f"{label:<7}", style), f" {sentence['confidence']:.2f}  ",
                         (sentence["text"], style if label != "NONE" else ""))


def render(console: Console, result: dict) -> None:
    """Print one scored letter: per recommendation, then unattached sentences, then a summary."""
    console.rule(f"[bold]{escape(result['file'])}[/]")
    date = result["letter_date"] or "no date found"
    console.print(f"Letter dated {date} · model {escape(result['model'])}")
    by_rec: dict[str | None, list[dict]] = {}
    for sentence in result["sentences"]:
        if sentence["role"] == "response":
            by_rec.setdefault(sentence["recommendation"], []).append(sentence)
    general = by_rec.pop(None, [])
    if general:
        console.print("\n[bold]Letter (not tied to a recommendation)[/]")
        for sentence in general:
            console.print(_sentence_line(sentence))
    for rec in result["recommendations"]:
        verdict = rec["verdict"]
        console.print(f"\n[bold]Recommendation {escape(str(rec['id']))}[/]: "
                      f"[{VERDICT_STYLES[verdict]}]{verdict.upper()}[/]")
        if rec["text"]:
            quoted = rec["text"] if len(rec["text"]) <= 220 else rec["text"][:217] + "..."
            console.print(f"  [italic]asked:[/] [dim]{escape(quoted)}[/]")
        if rec["deciding_sentence"] and verdict in ("committed", "vague", "refused"):
            console.print(f"  [italic]decided by:[/] {escape(rec['deciding_sentence'])}")
        for when in rec["check_by"]:
            if when.get("check_by"):
                console.print(f"  [italic]check by:[/] {when['check_by']} ({escape(when['expression'])})")
        for sentence in by_rec.get(rec["id"], []):
            console.print(_sentence_line(sentence))
    summary = result["summary"]
    labels = summary["labels"]
    verdicts = ", ".join(f"{n} {v}" for v, n in summary["verdicts"].items() if n)
    console.print(
        f"\n[bold]Summary[/]: {summary['response_sentences']} response sentences: "
        f"{labels['FIRM']} firm, {labels['VAGUE']} vague, {labels['REFUSAL']} refusal, {labels['NONE']} none. "
        f"{summary['recommendations']} recommendations" + (f" ({verdicts})" if verdicts else "")
        + f". Commitment index {summary['commitment_index']}/100."
    )


def render_follow_up(console: Console, rows: Sequence[dict]) -> None:
    """The diary of firm commitments, earliest check-by date first, one entry per commitment."""
    console.print("[bold]Firm commitments to follow up[/]")
    if not rows:
        console.print("  (no firm commitments found)")
    for row in rows:
        when = f"{row['check_by']} ({row['expression']})" if row["check_by"] else "no date given"
        rec = f"recommendation {row['recommendation']}" if row["recommendation"] else "the letter as a whole"
        console.print(Text.assemble(("\n" + when, "bold"), f"  {rec}  ", (row["file"], "dim")))
        console.print(Text("  " + row["commitment"]))
        if row["quantities"]:
            console.print(Text(f"  quantities: {row['quantities']}", style="italic"))
