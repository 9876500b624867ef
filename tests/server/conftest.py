"""A partnership server set up by ``server init`` on the suite's throwaway cluster."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, ReferralStatus
from marac_desktop.domain.users import Role
from marac_desktop.services import records, users
from marac_desktop.services.workspace import Workspace
from tests.engines import ADMIN, Server, start_server
from tests.pg_cluster import EmptyDatabase

__all__ = ["Server", "password_of"]


def password_of(name: str) -> str:
    return f"lantern grove phrase {sum(map(ord, name))}"


@pytest.fixture
def server(pg_empty: EmptyDatabase) -> Server:
    return start_server(pg_empty)


@pytest.fixture
def server_admin(server: Server) -> Iterator[Workspace]:
    workspace = server.sign_in()
    yield workspace
    workspace.close()


@pytest.fixture
def staff(server: Server, server_admin: Workspace) -> dict[Role, str]:
    """One account of each role besides the administrator: role -> user name."""
    names = {
        Role.IDVA: "idva1",
        Role.COORDINATOR: "coord1",
        Role.SAFEGUARDING_LEAD: "lead1",
    }
    for role, name in names.items():
        users.add_user(server_admin, name, role, password_of(name))
    return {**names, Role.ADMIN: ADMIN}


def heard_then_threatened(desk: Workspace, given: str, today: date) -> CaseId:
    """A case heard at MARAC three months ago with a new incident since: a repeat."""
    case = records.open_case(desk, PersonDetails("Testvictim", given), today=today)
    records.record_referral(
        desk,
        case.id,
        today - timedelta(days=100),
        "Police",
        ReferralCriteria(visible_high_risk=True),
        status=ReferralStatus.HEARD,
        meeting_day=today - timedelta(days=90),
        today=today,
    )
    records.record_incident(
        desk, case.id, today - timedelta(days=3), IncidentKind.THREATS, "Police", True, today
    )
    return case.id
