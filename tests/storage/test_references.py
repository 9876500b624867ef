"""Case references on the file (see tests/side_by_side)."""

from __future__ import annotations

from marac_desktop.services.workspace import Workspace
from tests import side_by_side


def test_references_follow_the_counter_and_pass_cases_copied_in(admin: Workspace) -> None:
    side_by_side.references_pass_cases_copied_in(admin)
