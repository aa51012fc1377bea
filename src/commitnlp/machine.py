"""What this machine offers to parallel work (batch scoring, training), and the one way
training spreads work over it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence


def cpu_count() -> int:
    """Cores this process may run on (its affinity, not the machine's total)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_map(function: Callable, *arguments: Sequence) -> list:
    """``list(map(function, *arguments))``, spread over forked processes when fork exists.

    Forked workers see the parent's memory as it was when they started, so large inputs are
    put in a module-level variable before the call instead of being pickled to each worker.
    With one core or no fork (Windows, macOS spawn) the calls run here, one after another.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    calls: Iterable = list(zip(*arguments))
    workers = min(cpu_count(), len(calls)) if "fork" in multiprocessing.get_all_start_methods() else 1
    if workers <= 1:
        return [function(*call) for call in calls]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(function, *arguments))
