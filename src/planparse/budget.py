"""A wall-clock budget for one file of a folder run: the last resort behind the linear-time readers.

Every reader and rule is built to finish in time by construction (caps, linear patterns); this budget
is what keeps one file no one foresaw from stalling a batch of thousands. It uses ``SIGALRM``, so it
interrupts Python code and the regular-expression engine alike (both check for signals), but only in
the main thread of a POSIX process; elsewhere, and when the host program already runs an interval
timer of its own, it does nothing rather than steal the host's timer.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from planparse.errors import TimeBudgetError
from planparse.messages import say

# A 3 MB page takes about 3 s to parse and classify on a slow 2-core machine; the budget leaves a wide
# margin so that only a runaway file reaches it.
BASE_SECONDS = 60.0
SECONDS_PER_MB = 10.0
# After the first signal, it repeats this often: a broad ``except`` in code being run cannot swallow
# the stop for good.
REPEAT_SECONDS = 1.0


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` on the way does not catch it."""


# A page image costs OCR 10-20 s on that machine and takes ~0.1-0.3 MB in a scanned PDF at 150 dpi: files that
# may be scans get the time of their pages, not of their bytes of text.
SECONDS_PER_MB_SCANNED = 150.0
MAY_BE_SCANNED = frozenset({".pdf", ".png", ".jpg", ".jpeg"})


def file_budget(size_bytes: int, suffix: str = "") -> float:
    """Seconds allowed for one file of ``size_bytes`` (``suffix`` such as ".pdf": a file that may need OCR)."""
    per_mb = SECONDS_PER_MB_SCANNED if suffix.lower() in MAY_BE_SCANNED else SECONDS_PER_MB
    return BASE_SECONDS + per_mb * size_bytes / 1_000_000


def _can_use_alarm() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextmanager
def time_budget(seconds: float | None, what: str) -> Iterator[None]:
    """Run the block for at most ``seconds``; past that, raise TimeBudgetError naming ``what``.

    ``seconds=None`` or 0 means no budget. Nesting is allowed: an inner budget leaves the outer in charge.
    """
    if not seconds or not _can_use_alarm():
        yield
        return

    armed = [True]

    def stop(_signum, _frame):
        if armed[0]:  # a repeat landing while the budget is being closed is ignored
            raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    except _OutOfTime:
        armed[0] = False
        raise TimeBudgetError(say("budget.stopped", what=what, seconds=seconds)) from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
