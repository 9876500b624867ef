"""A page's long work on the background runner, with its progress told in the page's status
line: "Making the summary…", then the result, a stop, or why it could not start."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from marac_desktop.domain.progress import Progress

from marac_desktop.ui import background
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.text import StatusLabel

T = TypeVar("T")


def start_page_job(
    page: QWidget,
    status: StatusLabel,
    title: str,
    work: Callable[[Progress], T],
    done: Callable[[T], None],
) -> bool:
    """Start ``work``; ``done`` gets its result. False, said in ``status``, if it cannot start."""
    started = background.runner().start(
        title,
        work,
        done,
        failed=lambda error: show_user_error(page, error),
        stopped=lambda: status.show_note(background.STOPPED),
        owner=page,
    )
    if started:
        status.show_note(f"{title}…")
    else:
        status.show_error(background.runner().refusal())
    return started
