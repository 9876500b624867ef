"""Long work off the GUI thread: one job at a time on one worker thread, reported by signal.

A job is a function of a ``Progress``. It runs on the runner's single pool thread; its steps,
its result and its error come back to the GUI thread only by queued signal, and the callbacks
run there. Every service call opens its own session and, the engine having no pool, its own
SQLCipher connection in the thread that calls it, so no session or connection crosses threads.

A second job while one runs is refused with ``BUSY`` (one sentence, also shown by the status
bar's job panel). Stopping asks the job to stop at its next safe point; services check between
steps and roll back, so a stopped job leaves nothing half written.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from typing_extensions import override

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from marac_desktop.domain.progress import CancelledError, Progress, Step
from marac_desktop.errors import UserFacingError

logger = logging.getLogger(__name__)

T = TypeVar("T")

BUSY = "“{running}” is still running; wait for it to finish or stop it, then try again."
STOPPED = "Stopped; nothing was changed."


@dataclass(frozen=True, slots=True)
class _Outcome:
    value: object = None
    error: BaseException | None = None


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, the runner's slots receive (queued)."""

    stepped = Signal(object)
    ended = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], object], progress: Progress, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._progress = progress
        self._relay = relay

    @override
    def run(self) -> None:
        try:
            outcome = _Outcome(value=self._work(self._progress))
        except BaseException as error:  # every error crosses back to the GUI thread
            outcome = _Outcome(error=error)
        self._relay.ended.emit(outcome)


@dataclass
class _Job(Generic[T]):
    title: str
    progress: Progress
    runnable: _Runnable
    done: Callable[[T], None]
    failed: Callable[[UserFacingError], None] | None
    stopped: Callable[[], None] | None
    owner: QObject | None
    exclusive: bool
    step: Step | None = None


class BackgroundRunner(QObject):
    """Runs one job at a time; ``changed`` fires when a job starts, steps or ends."""

    changed = Signal()
    refused = Signal(str)
    ended = Signal(str)
    """The sentence that closes a job ("Stopped; nothing was changed." or ""), for the panel."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.stepped.connect(self._on_relay_stepped)
        self._relay.ended.connect(self._on_relay_ended)
        self._job: _Job[Any] | None = None

    # ----- asking ---------------------------------------------------------------------------

    def start(
        self,
        title: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        *,
        failed: Callable[[UserFacingError], None] | None = None,
        stopped: Callable[[], None] | None = None,
        owner: QObject | None = None,
        exclusive: bool = False,
    ) -> bool:
        """Run ``work`` on the worker thread, then ``done(result)`` here; False if refused.

        A ``UserFacingError`` goes to ``failed``, a stop to ``stopped``; any other error is
        raised again on the GUI thread (the exception hook). No callback runs once ``owner``
        is deleted or ``forget()`` was called. ``exclusive``: the window takes no other input
        while it runs (work that changes the whole database).
        """
        if self._job is not None:
            sentence = self.refusal()
            self.refused.emit(sentence)
            return False
        progress = Progress(self._relay.stepped.emit)
        runnable = _Runnable(work, progress, self._relay)
        self._job = _Job(title, progress, runnable, done, failed, stopped, owner, exclusive)
        self._pool.start(runnable)
        self.changed.emit()
        return True

    def refusal(self) -> str:
        return BUSY.format(running=self._job.title if self._job else "")

    def cancel(self) -> None:
        if self._job is not None:
            self._job.progress.cancel()
            self.changed.emit()

    # ----- state ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def title(self) -> str:
        return self._job.title if self._job else ""

    @property
    def step(self) -> Step | None:
        return self._job.step if self._job else None

    @property
    def exclusive(self) -> bool:
        return self._job is not None and self._job.exclusive

    @property
    def stopping(self) -> bool:
        return self._job is not None and self._job.progress.cancel_requested

    @property
    def stoppable(self) -> bool:
        return self._job is not None and self._job.progress.stoppable

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the worker thread is free (tests, and the lock after ``forget``)."""
        return self._pool.waitForDone(timeout_ms)

    def forget(self) -> None:
        """Stop the running job and drop its callbacks (the window they report to is going).

        Waits for the worker to finish, so the key is never closed under a running job.
        """
        job = self._job
        if job is None:
            return
        job.owner = None
        job.done = _ignore
        job.failed = _ignore
        job.stopped = _nothing
        job.progress.cancel()
        self._pool.waitForDone()
        QCoreApplication.sendPostedEvents(self)  # the queued end reaches this runner now

    # ----- from the worker ------------------------------------------------------------------

    @Slot(object)
    def _on_relay_stepped(self, step: Step) -> None:
        if self._job is not None:
            self._job.step = step
            self.changed.emit()

    @Slot(object)
    def _on_relay_ended(self, outcome: _Outcome) -> None:
        job, self._job = self._job, None
        self.changed.emit()
        if job is None:
            return
        error = outcome.error
        self.ended.emit(STOPPED if isinstance(error, CancelledError) else "")
        owner_gone = job.owner is not None and not shiboken6.isValid(job.owner)
        if owner_gone:
            if error is not None and not isinstance(error, UserFacingError | CancelledError):
                logger.warning("A background job failed after its page closed (%s).", type(error))
            return
        if error is None:
            job.done(outcome.value)
        elif isinstance(error, CancelledError):
            if job.stopped is not None:
                job.stopped()
        elif isinstance(error, UserFacingError) and job.failed is not None:
            job.failed(error)
        else:
            raise error


def _ignore(_value: object) -> None:
    return None


def _nothing() -> None:
    return None


def keep_long_lived(collect_first: bool = False) -> None:
    """Move every object alive now out of the garbage collector's reach (``gc.freeze``).

    A full collection holds the interpreter lock for as long as it walks the heap, which
    stops the GUI thread too, whichever thread triggered it; data that lives as long as the
    session (the loaded application) need not be walked every time. Called
    once the window is built (``collect_first``: garbage is collected before, a pause nobody
    sees at sign-in), and after work that leaves such data behind. Refcounting still frees
    frozen objects; ``release_long_lived`` hands them back to the collector at lock.
    """
    if collect_first:
        gc.collect()
    gc.freeze()


def release_long_lived() -> None:
    gc.unfreeze()


_shared: BackgroundRunner | None = None


def runner() -> BackgroundRunner:
    """The application's one runner (made on first use, owned by the application)."""
    global _shared
    if _shared is None or not shiboken6.isValid(_shared):
        _shared = BackgroundRunner(QCoreApplication.instance())
    return _shared
