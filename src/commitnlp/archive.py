"""Finding letters: files, directories (searched recursively) and glob patterns."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from .readers import supported


def find_letters(paths: Sequence[str]) -> list[Path]:
    """Every supported letter under ``paths``, in a stable order, each once.

    Explicit files are kept even when their type is unsupported, so that the reader can say
    so; files found by walking a directory or expanding a glob are kept only if supported.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and supported(p) and not p.name.startswith(".")))
        elif any(ch in raw for ch in "*?[") and not path.exists():
            found.extend(sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file() and supported(Path(p))))
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)
