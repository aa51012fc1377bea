"""Read a letter from a file or from bytes, whatever its format, into plain text.

Each format has its own module, imported only when a file of that format is read, so that
scoring a plain-text letter never pays for the PDF or Word libraries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from .. import errors

MAX_BYTES = 50 * 1024 * 1024
"""Largest file accepted as one letter (a long PDF response is a few MB)."""
MAX_CHARS = 1_000_000
"""Largest extracted text accepted as one letter (spaCy's own default limit)."""

READERS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
"""Supported suffixes and the module of this package that reads each."""


@dataclass(frozen=True)
class Letter:
    """A letter's extracted text, where it came from, and the hash of its bytes."""

    name: str
    text: str
    sha256: str


def supported(path: Path) -> bool:
    """Whether ``path`` has a suffix commitnlp can read."""
    return path.suffix.lower() in READERS


def read_bytes(data: bytes, name: str, suffix: str | None = None) -> Letter:
    """Extract the text of a letter held in memory (an upload, standard input).

    ``suffix`` picks the format; without it the name's suffix does, and an unnamed
    stream is read as text.
    """
    suffix = (suffix if suffix is not None else Path(name).suffix).lower() or ".txt"
    if suffix not in READERS:
        raise errors.InputError(name, errors.UNSUPPORTED.format(suffix=suffix))
    if not data.strip():
        raise errors.InputError(name, errors.EMPTY)
    if len(data) > MAX_BYTES:
        raise errors.InputError(name, errors.TOO_BIG.format(limit=MAX_BYTES // 2**20))
    reader = import_module(f".{READERS[suffix]}", __name__)
    text = reader.extract(data, name)
    if not text.strip():
        raise errors.InputError(name, "no text could be extracted from the file")
    if len(text) > MAX_CHARS:
        raise errors.InputError(name, f"the text is {len(text):,} characters; one letter may have at most {MAX_CHARS:,}")
    return Letter(name=name, text=text, sha256=hashlib.sha256(data).hexdigest())


def read_letter(path: str | Path) -> Letter:
    """Read one letter from disk, with a one-line :class:`~commitnlp.errors.InputError` for any problem."""
    path = Path(path)
    if not path.exists():
        raise errors.InputError(path, errors.MISSING)
    if path.is_dir():
        raise errors.InputError(path, errors.NOT_A_FILE)
    if not supported(path):
        raise errors.InputError(path, errors.UNSUPPORTED.format(suffix=path.suffix or "(none)"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise errors.InputError(path, errors.TOO_BIG.format(limit=MAX_BYTES // 2**20))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise errors.InputError(path, f"cannot be read ({err.strerror or err})") from None
    return read_bytes(data, str(path), path.suffix)
