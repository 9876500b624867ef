"""How far a long piece of work is, and a way to stop it between steps that are safe to stop at.

A long service call takes a ``Progress``; it reports steps and calls ``check()`` (through
``step``) only where stopping loses nothing: before anything is written, between committed
batches, or inside a transaction that ``CancelledError`` then rolls back. ``stopping_disabled``
marks the part that must run to its end once begun (a rekey's own re-encryption).
Thread-safe: the window asks to stop, the worker thread checks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class CancelledError(Exception):
    """The person stopped the work; nothing it would have written was kept."""

    def __init__(self) -> None:
        super().__init__("Stopped; nothing was changed.")


@dataclass(frozen=True, slots=True)
class Step:
    done: int
    total: int
    """0 when the size of the work is not known."""
    text: str
    stoppable: bool = True


class Progress:
    """Given to a long call by whoever runs it; ``Progress()`` reports nowhere and never stops."""

    def __init__(self, report: Callable[[Step], None] | None = None) -> None:
        self._report = report
        self._stop = threading.Event()
        self._stoppable = True

    def cancel(self) -> None:
        """Ask the work to stop at its next safe point (from any thread)."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def stoppable(self) -> bool:
        return self._stoppable

    def check(self) -> None:
        """Raise ``CancelledError`` if a stop was asked for and this part may still stop."""
        if self._stoppable and self._stop.is_set():
            raise CancelledError

    def step(self, done: int, total: int = 0, text: str = "") -> None:
        """Report how far the work is, then stop here if asked to."""
        if self._report is not None:
            self._report(Step(done, total, text, self._stoppable))
        self.check()

    def stopping_disabled(self, text: str) -> None:
        """From here the work runs to its end: a stop asked for now is not honoured."""
        self.check()
        self._stoppable = False
        if self._report is not None:
            self._report(Step(0, 0, text, False))


def quiet(progress: Progress | None) -> Progress:
    """The progress given, or one that reports nowhere (for callers that pass none)."""
    return progress if progress is not None else Progress()
