"""How long the Qt event loop is blocked: a timer ticks every few milliseconds and the longest
gap between two ticks is the longest time the window could not repaint or answer a click.

Shared by the GUI tests (a long job must leave the loop free) and the responsiveness benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer

TICK_MS = 10
TARGET_GAP_S = 0.100
"""The longest the window may stay blocked while a page opens or a job runs."""


class EventLoopGaps:
    """Start, let the loop run (or block it), stop: ``longest`` is the worst gap in seconds.

    The time from the last tick to ``stop()`` counts as a gap too, so work that blocks the loop
    right up to the end is not missed.
    """

    def __init__(self, tick_ms: int = TICK_MS) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._last_ms = 0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.longest = 0.0
        self.ticks = 0
        self._clock.start()
        self._last_ms = 0
        self._timer.start()

    def _note(self) -> None:
        now = self._clock.elapsed()
        self.longest = max(self.longest, (now - self._last_ms) / 1000)
        self._last_ms = now

    def _tick(self) -> None:
        self._note()
        self.ticks += 1

    def stop(self) -> float:
        self._note()
        self._timer.stop()
        return self.longest


def run_loop_until(done: Callable[[], bool], timeout_s: float) -> bool:
    """Let the event loop run until ``done()`` holds (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.002)
    return True


def measure(
    start: Callable[[], None], done: Callable[[], bool], timeout_s: float, settle_s: float = 0.0
) -> tuple[float, float]:
    """Run ``start`` from the event loop, wait for ``done``: (total seconds, longest gap).

    ``settle_s``: keep the loop running that long after ``done``, so work the page left queued
    (a deferred load, the first paint of a long table) counts against it, not the next one.
    """
    gaps = EventLoopGaps()
    began = time.perf_counter()
    gaps.start()
    QTimer.singleShot(0, start)
    QCoreApplication.processEvents()
    finished = run_loop_until(done, timeout_s)
    if finished and settle_s:
        settled = time.monotonic() + settle_s
        run_loop_until(lambda: time.monotonic() > settled, timeout_s)
    longest = gaps.stop()
    if not finished:
        raise TimeoutError(f"not done within {timeout_s:.0f} s")
    return time.perf_counter() - began, longest
