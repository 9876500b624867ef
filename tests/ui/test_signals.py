from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from marac_desktop.ui.signals import disconnect, emit


class _Source(QObject):
    happened = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []

    def _on_happened(self, value: int) -> None:
        self.seen.append(value)


def test_helpers_keep_true_alive(qapp) -> None:
    source = _Source()
    before = sys.getrefcount(True)
    for number in range(2000):
        source.happened.connect(source._on_happened)
        emit(source.happened, number)
        disconnect(source.happened, source._on_happened)
    assert sys.getrefcount(True) >= before
    assert source.seen == list(range(2000))
