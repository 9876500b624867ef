"""Emit and disconnect Qt signals without tripping a PySide6 reference-count bug.

In PySide6 6.12, ``SignalInstance.emit()`` and a successful ``disconnect()`` return ``True``
without taking a reference to it. Under Python 3.11 every such call leaves ``True`` one reference
short, and after a few hundred calls the interpreter aborts with "bool_dealloc: deallocating True
or False" (Python 3.12 makes ``True`` immortal, which hides the bug). Call these helpers instead of
``.emit()`` and ``.disconnect()``: they give back the missing reference, and only when the
installed PySide6 is measured at import to need it.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_CALLS = 8


class _Probe(QObject):
    probed = Signal()

    def _on_probed(self) -> None:
        pass


def _references_lost(call: Callable[[], object]) -> int:
    """How many references to True one ``call()`` loses (0 when True is immortal)."""
    collecting = gc.isenabled()
    gc.disable()  # a collection in between could free unrelated references to True
    try:
        before = sys.getrefcount(True)
        for _ in range(_PROBE_CALLS):
            call()
        lost = before - sys.getrefcount(True)
    finally:
        if collecting:
            gc.enable()
    return max(0, round(lost / _PROBE_CALLS))


def _measure() -> tuple[int, int]:
    probe = _Probe()
    emit_loss = _references_lost(probe.probed.emit)

    def connect_and_disconnect() -> object:
        probe.probed.connect(probe._on_probed)
        return probe.probed.disconnect(probe._on_probed)

    return emit_loss, _references_lost(connect_and_disconnect)


def restore_true_references(count: int) -> None:
    """Give True ``count`` references back (extra ones are harmless: True is never freed)."""
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def _give_back(result: object, count: int) -> None:
    if result is True:
        restore_true_references(count)


_EMIT_LOSS, _DISCONNECT_LOSS = _measure()
_give_back(True, (_EMIT_LOSS + _DISCONNECT_LOSS) * _PROBE_CALLS)


def emit(signal: SignalInstance, *args: Any) -> None:
    result: object = signal.emit(*args)  # type: ignore[func-returns-value]
    _give_back(result, _EMIT_LOSS)


def disconnect(signal: SignalInstance, slot: Callable[..., Any]) -> None:
    _give_back(signal.disconnect(slot), _DISCONNECT_LOSS)
