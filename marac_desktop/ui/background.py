"""Long work off the GUI thread: one job at a time on one worker thread, reported by signal.

A job is a function of a ``Progress``. It runs on the runner's single pool thread; its steps,
its result and its error come back to the GUI thread only by queued signal, and the callbacks
run there. Every service call opens its own session and, the engine having no pool, its own
SQLCipher connection in the thread that calls it, so no session or connection crosses threads.

A second job while one runs is refused with ``BUSY`` (one sentence, also shown by the status
bar's job panel). Stopping asks the job to stop at its next safe point; services check between
steps and roll back, so a stopped job leaves nothing half written.

Pages read what they show through ``load`` instead: reads on a second worker thread, so a page
fills while a long job runs. A load is never refused; a newer load under the same key stops the
older one (a new search, a new sort), whose result is then dropped. Reads write nothing, so
stopping one loses nothing.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import threading
from collections.abc import Callable, Iterator
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
    def __init__(
        self,
        work: Callable[[Progress], object],
        progress: Progress,
        ended: Callable[[_Outcome], None],
    ):
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._progress = progress
        self._ended = ended

    @override
    def run(self) -> None:
        try:
            with full_collections_postponed():
                outcome = _Outcome(value=self._work(self._progress))
        except BaseException as error:  # every error crosses back to the GUI thread
            outcome = _Outcome(error=error)
        self._ended(outcome)


@dataclass(frozen=True, slots=True)
class _LoadEnd:
    ticket: int
    outcome: _Outcome


@dataclass
class _Load:
    ticket: int
    key: object
    progress: Progress
    runnable: _Runnable
    done: Callable[[Any], None]
    failed: Callable[[UserFacingError], None] | None
    owner: QObject | None


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
    loads_changed = Signal()
    """A page's load started or ended (``loading`` says whether any is still running)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._reader = QThreadPool(self)
        self._reader.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.stepped.connect(self._on_relay_stepped)
        self._relay.ended.connect(self._on_relay_ended)
        self._load_relay = _Relay(self)
        self._load_relay.ended.connect(self._on_load_relay_ended)
        self._job: _Job[Any] | None = None
        self._loads: dict[object, _Load] = {}
        self._reading: dict[int, _Runnable] = {}
        """Every load's runnable until its end arrives, stopped ones too (Qt holds no Python
        reference to it)."""
        self._tickets = 0

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
        runnable = _Runnable(work, progress, self._relay.ended.emit)
        self._job = _Job(title, progress, runnable, done, failed, stopped, owner, exclusive)
        self._pool.start(runnable)
        self.changed.emit()
        return True

    def load(
        self,
        key: object,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        *,
        failed: Callable[[UserFacingError], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Read for a page on the reading thread, then ``done(result)`` here.

        A load already running or waiting under ``key`` is stopped and its result dropped.
        ``failed``, ``owner`` and other errors as for ``start``; a stopped load reports nothing.
        """
        self.stop_load(key)
        self._tickets += 1
        ticket = self._tickets
        progress = Progress()
        emit = self._load_relay.ended.emit

        def ended(outcome: _Outcome) -> None:
            emit(_LoadEnd(ticket, outcome))

        runnable = _Runnable(work, progress, ended)
        self._loads[key] = _Load(ticket, key, progress, runnable, done, failed, owner)
        self._reading[ticket] = runnable
        self._reader.start(runnable)
        self.loads_changed.emit()

    def stop_load(self, key: object) -> None:
        """Stop the load under ``key`` (if any); nothing it read is reported."""
        load = self._loads.pop(key, None)
        if load is not None:
            load.progress.cancel()
            if self._reader.tryTake(load.runnable):  # not begun, so it never reports
                del self._reading[load.ticket]
            self.loads_changed.emit()

    @property
    def loading(self) -> bool:
        return bool(self._loads)

    def is_loading(self, key: object) -> bool:
        return key in self._loads

    @property
    def idle(self) -> bool:
        """No job and no load running or waiting (tests and the benchmark wait for this)."""
        return self._job is None and not self._reading

    def refusal(self) -> str:
        return BUSY.format(running=self._job.title if self._job else "")

    def cancel(self) -> None:
        if self._job is not None:
            self._job.progress.cancel()
            self.changed.emit()

    def cancel_for(self, owner: QObject) -> None:
        """Stop the running job if ``owner`` started it (its form is closing)."""
        if self._job is not None and self._job.owner is owner:
            self.cancel()

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
        """Block until both worker threads are free (tests, and the lock after ``forget``)."""
        return self._pool.waitForDone(timeout_ms) and self._reader.waitForDone(timeout_ms)

    def forget(self) -> None:
        """Stop the running job and every load and drop their callbacks (the window they
        report to is going).

        Waits for the workers to finish, so the key is never closed under running work.
        """
        for key in list(self._loads):
            self.stop_load(key)
        self._reader.waitForDone()
        job = self._job
        if job is not None:
            job.owner = None
            job.done = _ignore
            job.failed = _ignore
            job.stopped = _nothing
            job.progress.cancel()
            self._pool.waitForDone()
        QCoreApplication.sendPostedEvents(self)  # the queued ends reach this runner now

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

    @Slot(object)
    def _on_load_relay_ended(self, end: _LoadEnd) -> None:
        self._reading.pop(end.ticket, None)
        load = next((x for x in self._loads.values() if x.ticket == end.ticket), None)
        if load is None:  # stopped or replaced: its result is not wanted
            self.loads_changed.emit()
            return
        del self._loads[load.key]
        self.loads_changed.emit()
        if load.owner is not None and not shiboken6.isValid(load.owner):
            return
        error = end.outcome.error
        if error is None:
            load.done(end.outcome.value)
        elif isinstance(error, CancelledError):
            return
        elif isinstance(error, UserFacingError) and load.failed is not None:
            load.failed(error)
        else:
            raise error


def _ignore(_value: object) -> None:
    return None


def _nothing() -> None:
    return None


SWITCH_INTERVAL_S = 0.0005
"""How long a thread running Python keeps the interpreter lock while another waits for it.

Python's default is 5 ms. While a job runs Python here, the GUI thread needs the lock at every
call from Qt into Python (a timer, a progress bar step, each method of a layout written in
Python), and a repaint makes dozens of them: measured with the default, the window froze for
up to 0.45 s while the agenda PDF was made and 0.4 s for the actions PDF; with 0.5 ms, 78 and
29 ms, and the jobs took no longer."""

POSTPONED_THRESHOLD = 1 << 30
_postponing = threading.Lock()
_postponed_by = 0
_saved_thresholds: tuple[int, int, int] | None = None


@contextlib.contextmanager
def full_collections_postponed() -> Iterator[None]:
    """No full garbage collection while background work runs (young ones go on as usual).

    Work that builds a large structure (the match index, a bundle's document) makes the heap
    grow by a quarter again and again, and each time the collector walks the whole heap
    holding the interpreter lock: measured at 250,000 cases, 25 full collections of up to 6.5 s
    each during the first people search, the window frozen throughout each. What the work
    leaves behind is freed by refcounting, or frozen (``keep_long_lived``) when it stays.
    """
    global _postponed_by, _saved_thresholds
    with _postponing:
        if _postponed_by == 0:
            _saved_thresholds = gc.get_threshold()
            young, middle, _full = _saved_thresholds
            gc.set_threshold(young, middle, POSTPONED_THRESHOLD)
        _postponed_by += 1
    try:
        yield
    finally:
        with _postponing:
            _postponed_by -= 1
            if _postponed_by == 0 and _saved_thresholds is not None:
                gc.set_threshold(*_saved_thresholds)


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
