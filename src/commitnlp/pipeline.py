"""The whole flow for one letter: read -> normalise -> structure -> classify -> aggregate.

``load`` gives the spaCy ``Language``; ``score_letters`` runs it over letters in batches
(spaCy's ``nlp.pipe``) and returns, per letter, the plain dict that every report and the
batch tables are made from (the ``--format json`` shape).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import errors
from .components.extensions import SPANS_KEY, TEXT_KEY
from .normalise import Normalised, normalise
from .paths import default_model_dir
from .readers import Letter
from .scoring import add_follow_up, follow_up, recommendations, summarise

REQUIRED_COMPONENTS = ("letter_structure", "commitment_classifier")


def load(path: str | Path | None = None):
    """Load a commitnlp model directory as a spaCy ``Language`` (the shipped model by default).

    A missing, damaged or foreign directory raises :class:`~commitnlp.errors.ModelError`
    with one line saying what is wrong.
    """
    import spacy

    from .components import classifier, structure  # noqa: F401 - registers the factories

    path = Path(path) if path is not None else default_model_dir()
    if not path.exists():
        raise errors.ModelError(path, "no such model directory")
    if not path.is_dir():
        raise errors.ModelError(path, "a model is a directory, not a file")
    for required in ("config.cfg", "meta.json"):
        if not (path / required).is_file():
            raise errors.ModelError(path, f"missing {required}: not a spaCy/commitnlp model directory")
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise errors.ModelError(path / "meta.json", f"damaged ({err})") from None
    missing = [c for c in REQUIRED_COMPONENTS if c not in meta.get("pipeline", [])]
    if missing:
        raise errors.ModelError(path, f"not a commitnlp model (no {missing[0]} component in meta.json)")
    try:
        nlp = spacy.load(path)
    except errors.CommitnlpError:
        raise
    except Exception as err:  # spaCy raises many types for broken configs and files
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise errors.ModelError(path, f"cannot load the model ({first_line[:200]})") from None
    return nlp


def model_id(nlp) -> str:
    """A short name for the model that scored a letter: name, version and training-data hash."""
    meta = nlp.meta
    data_hash = (meta.get("commitnlp", {}).get("training_data_sha256") or "")[:12]
    return f"{meta.get('name', 'model')}-{meta.get('version', '0')}" + (f"+{data_hash}" if data_hash else "")


def _sentences(doc, letter: Letter, clean: Normalised) -> list[dict]:
    rows = []
    for index, span in enumerate(doc.spans[SPANS_KEY]):
        begin, finish = span.start_char, span.end_char
        start, end = clean.to_source(begin, finish)
        label = span.label_
        response = label not in ("header", "recommendation")  # structure spans carry their role as label
        scores = span._.scores if response else None
        rows.append({
            "file": letter.name,
            "index": index,
            "start": start,
            "end": end,
            "text": clean.text[begin:finish],  # the Doc was made from this text
            "role": "response" if response else label,
            "recommendation": span._.recommendation,
            "label": label if response else None,
            "confidence": round(max(scores.values()), 4) if scores else None,
            "scores": {k: round(v, 4) for k, v in scores.items()} if scores else None,
        })
    return rows


def result_for(doc, letter: Letter, clean: Normalised, model: str) -> dict:
    """The ``--format json`` object for one scored letter."""
    sentences = _sentences(doc, letter, clean)
    add_follow_up(sentences, doc._.letter_date)
    recs = recommendations(sentences)
    return {
        "file": letter.name,
        "sha256": letter.sha256,
        "model": model,
        "letter_date": doc._.letter_date,
        "sentences": sentences,
        "recommendations": recs,
        "summary": summarise(sentences, recs),
        "follow_up": follow_up(sentences),
    }


def score_letters(nlp, letters: Iterable[Letter], batch_size: int = 16) -> Iterator[dict]:
    """Score letters in batches with ``nlp.pipe``; yield one result dict per letter, in order."""
    name = model_id(nlp)
    pending: deque[tuple[Letter, Normalised]] = deque()

    def docs() -> Iterator:
        for letter in letters:
            clean = normalise(letter.text)
            pending.append((letter, clean))
            doc = nlp.make_doc(clean.text)
            doc.user_data[TEXT_KEY] = clean.text  # spares the components rebuilding it
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        letter, clean = pending.popleft()
        yield result_for(doc, letter, clean, name)


def score_text(text: str, nlp=None, name: str = "<text>") -> dict:
    """Score one letter given as a string; returns the ``--format json`` object."""
    import hashlib

    letter = Letter(name=name, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return next(score_letters(nlp if nlp is not None else load(), [letter]))
