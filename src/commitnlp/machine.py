"""What this machine offers to parallel work (batch scoring, cross-validation)."""

from __future__ import annotations

import os


def cpu_count() -> int:
    """Cores this process may run on (its affinity, not the machine's total)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
