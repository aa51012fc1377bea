"""From sentence labels to an answer per recommendation and a summary of the letter.

The rule a clerk can check by hand, applied to the response sentences that answer one
recommendation:

1. no response sentences -> ``not answered``;
2. refusals at least as many as firm commitments (and at least one) -> ``refused``;
3. at least one firm commitment -> ``committed``;
4. at least one vague intention -> ``vague``;
5. otherwise (only background) -> ``no commitment``.

The deciding sentence is the most confident sentence with the deciding label. The letter's
**commitment index** (0-100) is the mean over its recommendations of 100 for
``committed``, 50 for ``vague`` and 0 otherwise; a letter with no recommendation found is
scored as a single recommendation made of all its response sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .dates import check_by, quantities
from .labels import LABELS

VERDICTS = ("committed", "vague", "refused", "no commitment", "not answered")
VERDICT_POINTS = {"committed": 100, "vague": 50, "refused": 0, "no commitment": 0, "not answered": 0}
_DECIDED_BY = {"refused": "REFUSAL", "committed": "FIRM", "vague": "VAGUE"}


def verdict(labels: Sequence[str]) -> str:
    """The verdict for one recommendation from its response sentences' labels."""
    counts = Counter(labels)
    if not labels:
        return "not answered"
    if counts["REFUSAL"] and counts["REFUSAL"] >= counts["FIRM"]:
        return "refused"
    if counts["FIRM"]:
        return "committed"
    if counts["VAGUE"]:
        return "vague"
    return "no commitment"


def recommendations(sentences: Sequence[dict]) -> list[dict]:
    """One entry per recommendation found, in order of first appearance, with its verdict.

    ``sentences`` are the per-sentence dicts of a scored letter (``role``, ``label``,
    ``recommendation``, ``confidence``, ``text``, ``index``).
    """
    order: list[str] = []
    quoted: dict[str, list[str]] = {}
    answers: dict[str, list[dict]] = {}
    for sentence in sentences:
        rec = sentence["recommendation"]
        if rec is None:
            continue
        if rec not in quoted:
            order.append(rec)
            quoted[rec], answers[rec] = [], []
        if sentence["role"] == "recommendation":
            quoted[rec].append(sentence["text"])
        elif sentence["role"] == "response":
            answers[rec].append(sentence)
    return [_judge(rec, " ".join(quoted[rec]), answers[rec]) for rec in order]


def _judge(rec: str | None, text: str, answers: list[dict]) -> dict:
    result = verdict([s["label"] for s in answers])
    deciding_label = _DECIDED_BY.get(result)
    deciding = None
    if deciding_label:
        deciding = max((s for s in answers if s["label"] == deciding_label), key=lambda s: s["confidence"])
    elif answers:
        deciding = answers[0]
    counts = Counter(s["label"] for s in answers)
    return {
        "id": rec,
        "text": text,
        "verdict": result,
        "deciding_index": deciding["index"] if deciding else None,
        "deciding_sentence": deciding["text"] if deciding else None,
        "counts": {label: counts[label] for label in LABELS},
        "check_by": [s["check_by"] for s in answers if s.get("check_by")],
    }


def summarise(sentences: Sequence[dict], recs: Sequence[dict]) -> dict:
    """Counts of labels and verdicts and the 0-100 commitment index for a letter."""
    responses = [s for s in sentences if s["role"] == "response"]
    judged = list(recs) or [_judge(None, "", responses)]
    index = round(sum(VERDICT_POINTS[r["verdict"]] for r in judged) / len(judged)) if judged else 0
    labels = Counter(s["label"] for s in responses)
    verdicts = Counter(r["verdict"] for r in recs)
    return {
        "sentences": len(sentences),
        "response_sentences": len(responses),
        "labels": {label: labels[label] for label in LABELS},
        "recommendations": len(recs),
        "verdicts": {v: verdicts[v] for v in VERDICTS},
        "commitment_index": index,
        "overall_verdict": judged[0]["verdict"] if not recs else None,
    }


def add_follow_up(sentences: list[dict], letter_date: str | None) -> None:
    """Give every firm commitment its check-by date and the quantities it names (in place)."""
    for sentence in sentences:
        if sentence["role"] == "response" and sentence["label"] == "FIRM":
            found = check_by(sentence["text"], letter_date)
            sentence["check_by"] = found.to_json() if found else None
            sentence["quantities"] = quantities(sentence["text"])


def follow_up(sentences: Sequence[dict]) -> list[dict]:
    """The clerk's diary: each firm commitment with its recommendation, check-by date and quantities."""
    return [
        {"recommendation": s["recommendation"], "index": s["index"], "commitment": s["text"],
         "check_by": s.get("check_by"), "quantities": s.get("quantities", [])}
        for s in sentences if s["role"] == "response" and s["label"] == "FIRM"
    ]
