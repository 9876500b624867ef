"""Two desks on one encrypted file: a save over a newer one is refused (see tests/side_by_side)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.services import access
from marac_desktop.services.workspace import Workspace
from tests import side_by_side
from tests.conftest import add_user


@pytest.fixture
def idva(admin: Workspace, db_path: Path) -> Iterator[Workspace]:
    desk = access.unlock(db_path, "idva.one", add_user(admin, "idva.one", Role.IDVA))
    yield desk
    desk.close()


def test_the_second_save_is_refused(admin: Workspace, idva: Workspace) -> None:
    side_by_side.second_save_is_refused(admin, idva)


def test_two_saves_at_once_let_one_in(admin: Workspace, idva: Workspace) -> None:
    side_by_side.only_one_of_two_saves_at_once_goes_in(admin, idva)


def test_the_second_edit_of_a_person_is_refused(admin: Workspace, idva: Workspace) -> None:
    side_by_side.second_person_edit_is_refused(admin, idva)
