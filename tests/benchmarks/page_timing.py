"""Opening a page as the window does, timed until its first screenful is in the model, with the
service calls it made counted (each is one ``Workspace.transaction``) and the longest time the
event loop was blocked meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from PySide6.QtCore import QCoreApplication

from marac_desktop.services.workspace import Workspace
from tests.event_loop_gaps import EventLoopGaps, run_loop_until

from marac_desktop.ui import background


@dataclass
class Opened:
    seconds: float
    calls: int
    page: Any
    longest_gap: float
    """Seconds: the longest time the window could not repaint or answer."""
    cpu: float
    """Seconds of this process's processor time (the machine may be shared)."""


@contextmanager
def counting_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    calls = [0]
    opened = Workspace.transaction

    def counted(self: Workspace) -> Any:
        calls[0] += 1
        return opened(self)

    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "transaction", counted)
        yield calls


def open_page(make: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> Opened:
    """Build the page, show it at a window's size and refresh it, as the window does, until
    what it reads on the reading thread is in."""
    gaps = EventLoopGaps()
    with counting_calls(monkeypatch) as calls:
        start, cpu = time.perf_counter(), time.process_time()
        gaps.start()
        page = make()
        page.resize(1280, 800)
        page.show()
        page.refresh()
        assert run_loop_until(lambda: background.runner().idle, 600), "the page never loaded"
        QCoreApplication.processEvents()  # the paint of what arrived last
        seconds = time.perf_counter() - start
        longest = gaps.stop()
    return Opened(seconds, calls[0], page, longest, time.process_time() - cpu)
