"""Which cases are an account's own: the one rule for "the cases you are the IDVA on", used
by the Assessments list and Home alike.

An allocation made in the IDVA dialog names the account it gives the case to (by user name,
so renaming the account keeps it). An allocation with no account (made before allocations
named accounts, or given to an IDVA from outside the partnership) falls back to its typed
name: it is the account's when that name is the account's display name or user name, compared
without case or outer spaces.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select

from marac_desktop.domain.users import User
from marac_desktop.storage.orm import IdvaAllocationRow


def allocated_now_to(user: User | None) -> ColumnElement[bool]:
    """An ``IdvaAllocationRow`` condition: the allocation is current and is ``user``'s."""
    if user is None:  # the recovery code is nobody's IDVA
        return false()
    names = {name.strip().lower() for name in (user.display_name, user.username) if name.strip()}
    by_name = and_(
        IdvaAllocationRow.account.is_(None),
        func.lower(func.trim(IdvaAllocationRow.name)).in_(names),
    )
    return and_(
        IdvaAllocationRow.ended_on.is_(None),
        or_(IdvaAllocationRow.account == user.username, by_name),
    )


def own_case_ids(user: User | None) -> Select[int]:
    """The ids of the cases whose IDVA now is ``user``, as a subquery to select from."""
    return select(IdvaAllocationRow.case_id).where(allocated_now_to(user))
