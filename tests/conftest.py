"""Shared fixtures. Nothing here downloads anything: the model and corpus ship in the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "police-response-letter.txt"
REALDEV = ROOT.parent / "shared" / "realdev"
MET_LETTER = REALDEV / "met-2025-02-19.txt"


@pytest.fixture(scope="session")
def nlp():
    """The shipped model, loaded once."""
    import commitnlp

    return commitnlp.load()


@pytest.fixture(scope="session")
def example_result(nlp):
    """The example letter, scored once."""
    from commitnlp.pipeline import score_letters
    from commitnlp.readers import read_letter

    return next(score_letters(nlp, [read_letter(EXAMPLE)]))


@pytest.fixture()
def realdev() -> Path:
    if not REALDEV.is_dir():
        pytest.skip("../shared/realdev is not present on this machine")
    return REALDEV


@pytest.fixture(scope="session")
def corpus_records():
    from commitnlp.corpus.load import load_records
    from commitnlp.paths import base_corpus_dir

    return load_records([base_corpus_dir()])
