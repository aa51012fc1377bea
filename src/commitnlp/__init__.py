"""commitnlp: what did a response letter actually promise?

Reads a response letter, finds its structure (header, quoted recommendations, the response
to each), and tags every response sentence as a firm commitment, a vague intention, a
refusal or none of these.

    >>> import commitnlp
    >>> nlp = commitnlp.load()                 # the shipped model, a spaCy Language
    >>> result = commitnlp.score_text(text)     # the same structure as --format json

spaCy is imported on first use, not on ``import commitnlp``.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["load", "score_text", "__version__"]


def load(path=None):
    """Load a commitnlp model (the shipped one by default) as a spaCy ``Language``."""
    from .pipeline import load as _load

    return _load(path)


def score_text(text: str, nlp=None) -> dict:
    """Score one letter given as text; returns the ``--format json`` structure."""
    from .pipeline import score_text as _score_text

    return _score_text(text, nlp)
