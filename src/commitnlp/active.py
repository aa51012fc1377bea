"""What to annotate next: the sentences the model is least sure of, spread out.

Uncertainty is the margin between the two most probable labels (small margin, unsure
model). Picking only the top of that list would fill a sheet with one letter's boilerplate
or one label's borderline, so picks go round the predicted labels in turn and no letter
gives more than its share until the others run out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from .reports.tabular import sheet_row, write_sheet


def uncertainty(scores: dict[str, float]) -> float:
    """1 minus the margin between the two most probable labels (1 = a coin toss)."""
    top = sorted(scores.values(), reverse=True)
    return 1.0 - (top[0] - (top[1] if len(top) > 1 else 0.0))


def pick_uncertain(results: Sequence[dict], n: int) -> list[tuple[int, int, float]]:
    """``(letter index, sentence index, uncertainty)`` of up to ``n`` sentences to review."""
    queues: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    for r, result in enumerate(results):
        for s, sentence in enumerate(result["sentences"]):
            if sentence["role"] == "response" and sentence["scores"]:
                queues[sentence["label"]].append((uncertainty(sentence["scores"]), r, s))
    for queue in queues.values():
        queue.sort(key=lambda item: (-item[0], item[1], item[2]))
    total = sum(len(q) for q in queues.values())
    cap = max(1, math.ceil(n / max(len(results), 1)))
    per_letter: dict[int, int] = defaultdict(int)
    chosen: list[tuple[int, int, float]] = []
    while len(chosen) < min(n, total):
        progressed = False
        for label in sorted(queues):
            queue = queues[label]
            for i, (score, r, s) in enumerate(queue):
                if per_letter[r] < cap:
                    chosen.append((r, s, score))
                    per_letter[r] += 1
                    del queue[i]
                    progressed = True
                    break
            if len(chosen) >= n:
                break
        if not progressed:
            cap += 1  # every letter has had its share; let the rest in
    return chosen


def suggestion_sheet(results: Sequence[dict], chosen: Sequence[tuple[int, int, float]]) -> str:
    """A reviewer's sheet of the chosen sentences, most uncertain first."""
    rows = []
    for r, s, score in sorted(chosen, key=lambda item: -item[2]):
        rows.append({**sheet_row(results[r], results[r]["sentences"][s]), "uncertainty": f"{score:.3f}"})
    return write_sheet(rows, extra=("uncertainty",))
