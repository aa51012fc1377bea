"""What the corpus contains, whether it meets its floors, and whether it repeats itself.

``commitnlp corpus stats`` prints :func:`composition_markdown`, the same table that
``corpus/DATASHEET.md`` shows (a test keeps the two in step). :func:`check_floors` lists
every floor the corpus misses; :func:`near_duplicates` finds sentences that are the same
after masking numbers and names, or that share a run of eight words across documents;
:func:`realdev_overlap` finds corpus sentences that also occur in the real-letter set.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..labels import LABELS
from .load import SPLITS
from .records import Record, iter_documents

FLOORS = {
    "documents": 150,
    "response_sentences": 5000,
    "responder_kinds": 15,
    "topics": 25,
    "styles": 6,
    "doc_sentences": (15, 80),
    "firm_share": 0.12,
    "vague_share": 0.12,
    "refusal_share": 0.08,
    "refusal_doc_share": 1 / 3,
    "none_share": (0.40, 0.60),
    "hard_share": 0.20,
    "near_duplicate_share": 0.01,
}
"""The corpus issue's floors, checked by :func:`check_floors` and by the tests."""


@dataclass
class Composition:
    documents: int
    response_sentences: int
    label_counts: dict[str, int]
    hard: int
    refusal_docs: int
    doc_sizes: list[int]
    by: dict[str, Counter]
    split_labels: dict[str, Counter]
    split_docs: Counter

    def share(self, label: str) -> float:
        return self.label_counts.get(label, 0) / max(self.response_sentences, 1)


def composition(records: Sequence[Record], assignment: dict[str, str]) -> Composition:
    """Count documents, sentences and labels by kind, topic, country, style and split."""
    by: dict[str, Counter] = {name: Counter() for name in ("kind", "topic", "country", "style")}
    split_labels: dict[str, Counter] = {split: Counter() for split in SPLITS}
    split_docs: Counter = Counter()
    sizes, refusal_docs = [], 0
    labels: Counter = Counter()
    hard = 0
    for doc_id, rows in iter_documents(records):
        first = rows[0]
        for name in by:
            by[name][getattr(first, name) or "unknown"] += 1
        split = assignment.get(doc_id, "train")
        split_docs[split] += 1
        sizes.append(len(rows))
        responses = [r for r in rows if r.role == "response"]
        refusal_docs += any(r.label == "REFUSAL" for r in responses)
        for r in responses:
            labels[r.label] += 1
            split_labels[split][r.label] += 1
            hard += r.hard
    return Composition(documents=len(sizes), response_sentences=sum(labels.values()), label_counts=dict(labels),
                       hard=hard, refusal_docs=refusal_docs, doc_sizes=sizes, by=by,
                       split_labels=split_labels, split_docs=split_docs)


def composition_markdown(comp: Composition) -> str:
    """The composition tables, as Markdown (the DATASHEET shows exactly this)."""
    total = max(comp.response_sentences, 1)
    lines = [
        f"Documents: {comp.documents}; response sentences: {comp.response_sentences}; "
        f"hard cases: {comp.hard} ({comp.hard / total:.0%}); documents with a refusal: "
        f"{comp.refusal_docs} ({comp.refusal_docs / max(comp.documents, 1):.0%}); sentences per document: "
        f"{min(comp.doc_sizes, default=0)}-{max(comp.doc_sizes, default=0)}.",
        "",
        "| split | documents | " + " | ".join(LABELS) + " | total |",
        "|---|---:|" + "---:|" * (len(LABELS) + 1),
    ]
    for split in SPLITS:
        counts = comp.split_labels[split]
        n = sum(counts.values())
        cells = " | ".join(f"{counts[label]} ({counts[label] / max(n, 1):.0%})" for label in LABELS)
        lines.append(f"| {split} | {comp.split_docs[split]} | {cells} | {n} |")
    cells = " | ".join(f"{comp.label_counts.get(label, 0)} ({comp.share(label):.0%})" for label in LABELS)
    lines.append(f"| all | {comp.documents} | {cells} | {comp.response_sentences} |")
    for name, title in (("kind", "responder kind"), ("style", "style"), ("country", "country"), ("topic", "topic")):
        counter = comp.by[name]
        lines += ["", f"| {title} ({len(counter)}) | documents |", "|---|---:|"]
        lines += [f"| {value} | {count} |" for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"


def check_floors(comp: Composition, near_duplicate_share: float | None = None) -> list[str]:
    """Every floor of the corpus issue that the corpus misses, as a sentence."""
    f = FLOORS
    problems = []
    low, high = f["doc_sentences"]
    checks = [
        (comp.documents >= f["documents"], f"{comp.documents} documents (floor {f['documents']})"),
        (comp.response_sentences >= f["response_sentences"], f"{comp.response_sentences} response sentences (floor {f['response_sentences']})"),
        (len(comp.by["kind"]) >= f["responder_kinds"], f"{len(comp.by['kind'])} responder kinds (floor {f['responder_kinds']})"),
        (len(comp.by["topic"]) >= f["topics"], f"{len(comp.by['topic'])} topics (floor {f['topics']})"),
        (len(comp.by["style"]) >= f["styles"], f"{len(comp.by['style'])} styles (floor {f['styles']})"),
        (all(low <= n <= high for n in comp.doc_sizes), f"documents must have {low}-{high} sentences"),
        (comp.share("FIRM") >= f["firm_share"], f"FIRM is {comp.share('FIRM'):.1%} (floor {f['firm_share']:.0%})"),
        (comp.share("VAGUE") >= f["vague_share"], f"VAGUE is {comp.share('VAGUE'):.1%} (floor {f['vague_share']:.0%})"),
        (comp.share("REFUSAL") >= f["refusal_share"], f"REFUSAL is {comp.share('REFUSAL'):.1%} (floor {f['refusal_share']:.0%})"),
        (comp.refusal_docs >= comp.documents * f["refusal_doc_share"], f"only {comp.refusal_docs} documents have a refusal"),
        (f["none_share"][0] <= comp.share("NONE") <= f["none_share"][1], f"NONE is {comp.share('NONE'):.1%} (must be 40-60%)"),
        (comp.hard >= comp.response_sentences * f["hard_share"], f"hard cases are {comp.hard / max(comp.response_sentences, 1):.1%} (floor 20%)"),
    ]
    if near_duplicate_share is not None:
        checks.append((near_duplicate_share < f["near_duplicate_share"],
                       f"near-duplicates are {near_duplicate_share:.2%} of sentences (must be under 1%)"))
    problems += [message for ok, message in checks if not ok]
    return problems


_WORD = re.compile(r"[A-Za-z]+|\d[\d,.]*")


def _masked_tokens(text: str) -> tuple[str, ...]:
    """Lower-cased words with numbers masked and names (capitalised words after the first) masked."""
    out = []
    for i, token in enumerate(_WORD.findall(text)):
        if token[0].isdigit():
            out.append("<num>")
        elif i > 0 and token[0].isupper():
            out.append("<name>")
        else:
            out.append(token.lower())
    return tuple(out)


def near_duplicates(records: Sequence[Record], n: int = 8) -> list[tuple[Record, Record, str]]:
    """Pairs of sentences in different documents that are near-duplicates, with the reason."""
    sentences = [r for r in records if r.role == "response"]
    pairs: list[tuple[Record, Record, str]] = []
    by_shape: dict[tuple[str, ...], Record] = {}
    by_gram: dict[tuple[str, ...], Record] = defaultdict(lambda: None)  # type: ignore[arg-type]
    for record in sentences:
        shape = _masked_tokens(record.text)
        seen = by_shape.get(shape)
        if seen is not None and seen.doc_id != record.doc_id and len(shape) > 3:
            pairs.append((seen, record, "same words after masking numbers and names"))
            continue
        by_shape.setdefault(shape, record)
        words = [w.lower() for w in _WORD.findall(record.text)]
        for i in range(len(words) - n + 1):
            gram = tuple(words[i:i + n])
            other = by_gram[gram]
            if other is not None and other.doc_id != record.doc_id:
                pairs.append((other, record, f"shares the 8 words '{' '.join(gram)}'"))
                break
            if other is None:
                by_gram[gram] = record
    return pairs


def near_duplicate_share(records: Sequence[Record], pairs: Sequence[tuple[Record, Record, str]]) -> float:
    sentences = sum(r.role == "response" for r in records)
    return len({id(b) for _, b, _ in pairs}) / max(sentences, 1)


def _letters_only(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def _content_grams(text: str, n: int) -> set[tuple[str, ...]]:
    """Runs of ``n`` words with at least five ordinary (not capitalised, not numeric) words.

    Institutional names ("HM Inspectorate of Constabulary and Fire & Rescue Services") are
    shared by every letter on a subject; what must not be shared is the writing around them.
    """
    words = _WORD.findall(text)
    ordinary = [w[0].islower() for w in words]
    lowered = [w.lower() for w in words]
    return {tuple(lowered[i:i + n]) for i in range(len(words) - n + 1) if sum(ordinary[i:i + n]) >= 5}


def realdev_overlap(records: Sequence[Record], realdev: Path, n: int = 8) -> list[Record]:
    """Corpus sentences that occur in the real-letter set or share a run of ``n`` words with it."""
    real, grams = set(), set()
    for path in sorted(realdev.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text") or ""
                if len(_letters_only(text)) > 20:
                    real.add(_letters_only(text))
                grams |= _content_grams(text, n)
    return [r for r in records if _letters_only(r.text) in real or _content_grams(r.text, n) & grams]
