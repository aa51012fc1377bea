"""Every user-facing error, in one place.

Errors a user can cause (a bad file, a damaged model, a malformed corpus row) are raised as
:class:`CommitnlpError` subclasses carrying one line that names the file and the problem.
The CLI prints that line and exits non-zero; it never shows a traceback for them.
"""

from __future__ import annotations

from pathlib import Path


class CommitnlpError(Exception):
    """A problem the user can fix; ``str(err)`` is the one-line message."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class InputError(CommitnlpError):
    """A letter that cannot be read: missing, empty, binary, corrupt, encrypted, too big."""


class ModelError(CommitnlpError):
    """A model directory that is missing, damaged, foreign or unsafe to load."""


class CorpusError(CommitnlpError):
    """One or more bad corpus rows; ``problems`` lists every ``file:line: problem``."""

    def __init__(self, path: str | Path | None, problem: str, problems: list[str] | None = None) -> None:
        super().__init__(path, problem)
        self.problems = problems or []


class OutputError(CommitnlpError):
    """An output that would overwrite something without ``--force``, or cannot be written."""


# Messages shared by several modules.
EMPTY = "the file is empty"
BINARY = "this looks like a binary file, not a letter (no readable text)"
NOT_A_FILE = "is a directory, not a file"
MISSING = "no such file"
TOO_BIG = "the file is larger than the {limit} MB limit for one letter"
NO_TEXT_LAYER = "the PDF has no text layer (probably a scan); run OCR on it first"
ENCRYPTED = "the PDF is encrypted; save an unencrypted copy first"
UNSUPPORTED = "unsupported file type '{suffix}' (supported: .txt, .md, .html, .htm, .docx, .pdf)"
