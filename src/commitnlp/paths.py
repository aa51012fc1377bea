"""Where the shipped model and corpus live, installed or in a source checkout.

A wheel carries them under ``commitnlp/data/``; an editable install or a checkout finds them
at the top of the repository (``models/``, ``corpus/``).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parents[1]
DEFAULT_MODEL_NAME = "commitnlp-default"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def default_model_dir() -> Path:
    """The shipped model, unless ``COMMITNLP_MODEL`` names another directory."""
    override = os.environ.get("COMMITNLP_MODEL")
    if override:
        return Path(override)
    return _first_existing(_PACKAGE / "data" / "models" / DEFAULT_MODEL_NAME, _REPO / "models" / DEFAULT_MODEL_NAME)


def base_corpus_dir() -> Path:
    """The shipped annotated corpus (the ``--base`` corpus of ``commitnlp train``)."""
    return _first_existing(_PACKAGE / "data" / "corpus", _REPO / "corpus")
