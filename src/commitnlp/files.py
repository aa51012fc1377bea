"""Writing files without ever losing what was there: temp file, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import errors


def atomic_write(path: str | Path, data: str | bytes, force: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename.

    An existing ``path`` is replaced only when ``force`` is set; an interruption leaves
    either the old file or the new one, never half of either.
    """
    path = Path(path)
    if path.exists() and not force:
        raise errors.OutputError(path, "already exists; pass --force to replace it")
    if path.is_dir():
        raise errors.OutputError(path, "is a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
