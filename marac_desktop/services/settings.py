"""Settings stored in the database (so they are encrypted and audited)."""

from __future__ import annotations

from dataclasses import dataclass

from marac_desktop.domain import date_style
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.date_style import DateStyle
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import settings_repo
from marac_desktop.storage.settings_repo import POLICY_KEY as POLICY_KEY
from marac_desktop.storage.settings_repo import area_policy as area_policy

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 5
MAX_IDLE_LOCK_MINUTES = 120
DATE_STYLE_KEY = "date_style"


@dataclass(frozen=True, slots=True)
class AppSettings:
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES


@requires(Anyone.SESSION)
def load(workspace: Workspace) -> AppSettings:
    with workspace.transaction() as session:
        stored = settings_repo.load_all(session)
    return AppSettings(idle_lock_minutes=int(stored.get(IDLE_LOCK_KEY, DEFAULT_IDLE_LOCK_MINUTES)))


@requires(Permission.EDIT_SETTINGS)
def set_idle_lock_minutes(workspace: Workspace, minutes: int) -> None:
    if not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise InvalidInputError(
            f"The idle lock must be between 1 and {MAX_IDLE_LOCK_MINUTES} minutes."
        )
    with workspace.transaction() as session:
        settings_repo.store(session, IDLE_LOCK_KEY, minutes)
        workspace.record(
            session, AuditAction.SETTING_CHANGED, "setting", IDLE_LOCK_KEY, detail=str(minutes)
        )


@requires(Anyone.SESSION)
def load_policy(workspace: Workspace) -> AreaPolicy:
    with workspace.transaction() as session:
        return area_policy(session)


@requires(Permission.EDIT_SETTINGS)
def save_policy(workspace: Workspace, policy: AreaPolicy) -> None:
    before = load_policy(workspace).to_mapping()
    after = policy.to_mapping()
    changed = ", ".join(f"{k} {before[k]}->{after[k]}" for k in after if before[k] != after[k])
    with workspace.transaction() as session:
        settings_repo.store(session, POLICY_KEY, after)
        workspace.record(
            session, AuditAction.SETTING_CHANGED, "setting", POLICY_KEY, detail=changed
        )


@requires(Anyone.SESSION)
def load_date_style(workspace: Workspace) -> DateStyle:
    """How this area writes days for people to read (1 Dec 2026 unless set otherwise)."""
    with workspace.transaction() as session:
        stored = settings_repo.load(session, DATE_STYLE_KEY)
    return DateStyle(stored) if stored in tuple(DateStyle) else date_style.DEFAULT


@requires(Anyone.SESSION)
def use_date_style(workspace: Workspace) -> DateStyle:
    """Show every day from now on as this area writes them."""
    style = load_date_style(workspace)
    date_style.use(style)
    return style


@requires(Permission.EDIT_SETTINGS)
def set_date_style(workspace: Workspace, style: DateStyle) -> None:
    with workspace.transaction() as session:
        settings_repo.store(session, DATE_STYLE_KEY, style.value)
        workspace.record(
            session, AuditAction.SETTING_CHANGED, "setting", DATE_STYLE_KEY, detail=style.value
        )
    date_style.use(style)
