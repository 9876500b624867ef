"""The people search behind the person forms, run on the background runner.

A search reads its candidates by key from the database; the form stays usable and says it is
searching meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from marac_desktop.errors import UserFacingError
from marac_desktop.services import people_matching

from marac_desktop.ui import background
from marac_desktop.ui.widgets.text import StatusLabel

if TYPE_CHECKING:
    from marac_desktop.domain.people import PersonDetails
    from marac_desktop.services.people_matching import PersonCandidate
    from marac_desktop.services.workspace import Workspace

SEARCHING = "Searching for people already on record…"


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
    else:
        status.show_error(background.runner().refusal())
    return started
