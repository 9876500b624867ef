"""The people search behind the person forms, run on the background runner.

A search reads its candidates by key from the database; the form stays usable and says it is
searching meanwhile, and closing the form stops its search (nothing is written).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.errors import UserFacingError
from marac_desktop.services import people_matching

from marac_desktop.ui import background
from marac_desktop.ui.widgets.text import StatusLabel

if TYPE_CHECKING:
    from marac_desktop.domain.people import PersonDetails
    from marac_desktop.services.people_matching import PersonCandidate
    from marac_desktop.services.workspace import Workspace

SEARCHING = "Searching for people already on record…"
_STOPS_SEARCH = "stopsPeopleSearch"


def search_people(
    form: QWidget,
    status: StatusLabel,
    workspace: Workspace,
    details: PersonDetails,
    found: Callable[[list[PersonCandidate]], None],
) -> bool:
    """Start the search; ``found`` gets the candidates if ``form`` is still open then."""

    def done(candidates: list[PersonCandidate]) -> None:
        if form.isVisible():
            status.clear_message()
            found(candidates)

    def failed(error: UserFacingError) -> None:
        status.show_error(str(error))

    started = background.runner().start(
        "Searching for people",
        lambda progress: people_matching.find_candidates(workspace, details, progress=progress),
        done,
        failed=failed,
        owner=form,
    )
    if started:
        status.show_note(SEARCHING)
        _stop_when_closed(form)
    else:
        status.show_error(background.runner().refusal())
    return started


def _stop_when_closed(form: QWidget) -> None:
    """A dialog that closes stops its search (once connected, for every search it starts)."""
    if isinstance(form, QDialog) and not form.property(_STOPS_SEARCH):
        form.setProperty(_STOPS_SEARCH, True)
        form.finished.connect(lambda _result: background.runner().cancel_for(form))
