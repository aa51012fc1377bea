"""A self-contained HTML report: the letter with every sentence marked, verdicts, follow-ups.

One file with its styles inline and no scripts, fonts or images from anywhere, so it can be
e-mailed and opened offline. Labels are shown three ways (colour, border style and a
visible text tag), so the page reads in greyscale and to a screen reader; focusing or
hovering a sentence shows its confidence. All letter text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..labels import LABEL_DESCRIPTIONS, LABELS

STYLE = """
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.5}
h1,h2{font-family:Arial,sans-serif}
.meta{color:#444}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #888;padding:.35rem .5rem;text-align:left;vertical-align:top}
.letter{white-space:pre-wrap;border:1px solid #ccc;padding:1rem;background:#fff}
.s{padding:0 .1rem;border-radius:3px;position:relative}
.s .tag{font:bold .7rem Arial,sans-serif;padding:0 .2rem;margin-right:.2rem;border-radius:2px;background:#fff;border:1px solid #333}
.FIRM{background:#d6f5d6;border-bottom:3px solid #176117}
.VAGUE{background:#fff1bf;border-bottom:3px dashed #7a5c00}
.REFUSAL{background:#ffd6d6;border-bottom:3px double #8b0000}
.NONE{background:none;border-bottom:1px dotted #777}
.recommendation{color:#333;font-style:italic;background:#eef}
.header{color:#555}
.s:focus,.s:hover{outline:2px solid #000}
.s .conf{display:none;position:absolute;left:0;top:1.6em;z-index:2;background:#111;color:#fff;font:.75rem Arial,sans-serif;padding:.15rem .35rem;border-radius:3px;white-space:nowrap}
.s:focus .conf,.s:hover .conf{display:block}
.verdict-committed{font-weight:bold;color:#176117}.verdict-refused{font-weight:bold;color:#8b0000}
.verdict-vague{color:#7a5c00}
.legend span{margin-right:1rem}
.notice{border:2px solid #176117;padding:.5rem;background:#eefbee}
.problem{border:2px solid #8b0000;padding:.5rem;background:#fff0f0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
form.correct select,form.correct button{font-size:.7rem;margin-left:.2rem}
"""


def _sentence(sentence: dict, control: Callable[[dict], str] | None) -> str:
    role = sentence["role"]
    text = escape(sentence["text"])
    if role != "response":
        return f'<span class="{role}" data-role="{role}">{text}</span>'
    label = sentence["label"]
    confidence = sentence["confidence"]
    scores = ", ".join(f"{k} {v:.2f}" for k, v in (sentence["scores"] or {}).items())
    described = f"{label}, confidence {confidence:.2f}"
    extra = control(sentence) if control else ""
    return (f'<span class="s {label}" tabindex="0" data-index="{sentence["index"]}" data-label="{label}" '
            f'aria-label="{escape(described)}: {text}" title="{escape(described)} ({escape(scores)})">'
            f'<span class="tag" aria-hidden="true">{label}</span>{text}'
            f'<span class="conf" aria-hidden="true">{escape(described)}</span></span>{extra}')


def letter_html(result: dict, source: str, control: Callable[[dict], str] | None = None) -> str:
    """The letter's own text with every sentence marked up, gaps kept as they were."""
    parts, pos = [], 0
    for sentence in sorted(result["sentences"], key=lambda s: s["start"]):
        if sentence["start"] < pos:
            continue
        parts.append(escape(source[pos:sentence["start"]]))
        parts.append(_sentence(sentence, control))
        pos = sentence["end"]
    parts.append(escape(source[pos:]))
    return "".join(parts)


def summary_html(result: dict) -> str:
    """The per-recommendation table, the letter's index and the follow-up list."""
    summary = result["summary"]
    labels = summary["labels"]
    rows = []
    for rec in result["recommendations"]:
        dates = "; ".join(f"{c['check_by']} ({escape(c['expression'])})" for c in rec["check_by"] if c.get("check_by"))
        rows.append(f'<tr data-recommendation="{escape(str(rec["id"]))}"><td>{escape(str(rec["id"]))}</td>'
                    f'<td class="verdict-{rec["verdict"].replace(" ", "-")}">{escape(rec["verdict"])}</td>'
                    f'<td>{escape(rec["deciding_sentence"] or "")}</td><td>{dates or "-"}</td></tr>')
    table = ("<table><caption>Verdict per recommendation</caption><thead><tr><th>Recommendation</th><th>Verdict</th>"
             "<th>Deciding sentence</th><th>Check by</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
             if rows else "<p>No recommendations were found in this letter; it is scored as a whole.</p>")
    follow = [f"<li><strong>{escape(f['check_by']['check_by'] if f['check_by'] and f['check_by'].get('check_by') else 'no date')}</strong>"
              f" - recommendation {escape(str(f['recommendation']))}: {escape(f['commitment'])}</li>"
              for f in result["follow_up"]]
    legend = "".join(f'<span><span class="s {label}"><span class="tag">{label}</span></span> {escape(desc)}</span>'
                     for label, desc in LABEL_DESCRIPTIONS.items())
    return (f'<p class="summary"><strong>Commitment index: {summary["commitment_index"]}/100.</strong> '
            f'{summary["response_sentences"]} response sentences: ' +
            ", ".join(f"{labels[label]} {label.lower()}" for label in LABELS) + ".</p>" + table +
            ("<h2>Firm commitments to follow up</h2><ul>" + "".join(follow) + "</ul>" if follow else "") +
            f'<p class="legend">{legend}</p>')


def page(title: str, body: str) -> str:
    """A complete HTML document with the report's inline styles."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{STYLE}</style></head>'
            f"<body>{body}</body></html>\n")


def report_body(result: dict, source: str, control: Callable[[dict], str] | None = None, before: str = "") -> str:
    """The report for one scored letter (``source``: the letter's text, as scored), without the page."""
    date = result["letter_date"] or "no date found"
    return (f"<section><h1>{escape(result['file'])}</h1>{before}<p class=\"meta\">Letter dated {escape(date)} - model "
            f"{escape(result['model'])}</p>{summary_html(result)}<h2>The letter</h2>"
            f'<div class="letter">{letter_html(result, source, control)}</div></section>')


def render(results: list[dict], sources: list[str]) -> str:
    """A complete, self-contained report page for one or more scored letters."""
    title = results[0]["file"] if len(results) == 1 else f"{len(results)} letters"
    return page(f"commitnlp: {title}", "<hr>".join(report_body(r, s) for r, s in zip(results, sources)))
