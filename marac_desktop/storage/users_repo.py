"""User rows in and domain Users out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from marac_desktop.domain.users import IdvaAccount, Role, User, UserId
from marac_desktop.storage.orm import UserRow


def _to_domain(row: UserRow) -> User:
    return User(
        id=UserId(row.id),
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def add(session: Session, username: str, display_name: str, role: Role) -> User:
    row = UserRow(
        username=username,
        display_name=display_name,
        role=role.value,
        active=True,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _to_domain(row)


def find(session: Session, username: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    return _to_domain(row) if row else None


def all_users(session: Session) -> list[User]:
    return [_to_domain(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]


def active_idvas(session: Session) -> list[IdvaAccount]:
    """The active IDVA accounts by display name (``server_accounts.active_idvas`` on a
    server, where these rows are an administrator's to read)."""
    rows = session.execute(
        select(UserRow.username, UserRow.display_name)
        .where(UserRow.role == Role.IDVA.value, UserRow.active.is_(True))
        .order_by(UserRow.display_name, UserRow.username)
    )
    return [IdvaAccount(username, display_name) for username, display_name in rows]


def revoke(session: Session, username: str) -> None:
    row = session.scalars(select(UserRow).where(UserRow.username == username)).one()
    row.active = False
    row.revoked_at = datetime.now(UTC)


def set_role(session: Session, username: str, role: Role) -> None:
    session.scalars(select(UserRow).where(UserRow.username == username)).one().role = role.value


def set_display_name(session: Session, username: str, display_name: str) -> None:
    row = session.scalars(select(UserRow).where(UserRow.username == username)).one()
    row.display_name = display_name


def count_active_admins(session: Session) -> int:
    rows = session.scalars(
        select(UserRow).where(UserRow.role == Role.ADMIN.value, UserRow.active.is_(True))
    )
    return len(list(rows))
