"""The key slots as witnesses of the audit log.

Each account's slot keeps the audit head it last saw, signed with its own key. At every unlock
and in ``verify`` the chain must still hold every account's head, and the rows written since the
signing-in account's own head must verify; anything else is said in one sentence per account.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from marac_desktop.domain.permissions import Permission, allows
from marac_desktop.paths import keyslot_path
from marac_desktop.storage import audit_log, keyslots, users_repo
from marac_desktop.storage.audit_log import AuditSigner, ChainHead, SeenHead
from marac_desktop.storage.database import EncryptedDatabase
from marac_desktop.storage.keyslots import KeySlot, KeySlotFile

RECOVERY_ACTOR = "recovery-code"


def as_sentence(problem: str) -> str:
    """A problem line as a sentence on its own, for a warning shown at unlock."""
    return f"{problem[:1].upper()}{problem[1:]}."


def actor_of(slot_name: str) -> str:
    """The audit actor whose rows a slot signs."""
    return RECOVERY_ACTOR if slot_name == keyslots.RECOVERY_SLOT else slot_name


def _seen(slot: KeySlot) -> SeenHead | None:
    witness = slot.witness
    if witness is None:
        return None
    return SeenHead(actor_of(slot.name), witness.row_id, witness.row_hash, witness.at)


def trusted_heads(slots: KeySlotFile, keys: dict[str, list[str]]) -> list[SeenHead]:
    """Heads signed by the key the audit log last registered to that slot's account.

    Any other head is left out: it belongs to a password reset whose slot write never
    happened, and the owner's next sign-in repairs (or reports) it.
    """
    heads = []
    for slot in slots.slots:
        seen = _seen(slot)
        registered = keys.get(actor_of(slot.name), [])
        if (
            seen is not None
            and registered
            and slot.signing_public_key.hex() == registered[-1]
            and keyslots.witness_is_signed(slot)
        ):
            heads.append(seen)
    return heads


def registrars(session: Session) -> frozenset[str]:
    """Accounts whose role may register another account's signing key, and the recovery code."""
    managers = {
        user.username
        for user in users_repo.all_users(session)
        if allows(user.role, Permission.MANAGE_USERS)
    }
    return frozenset({*managers, RECOVERY_ACTOR})


def chain_problems(
    session: Session, slots: KeySlotFile, me: str | None, before_row: int = 0
) -> list[str]:
    """Every account's head must be in the chain, and the rows after the latest of them must
    verify (each account verified the rows up to its own head when it moved it there; the full
    chain is ``verify``'s work). ``me`` is the account signing in, or None.

    ``before_row``: the last row before this unlock began. A missing head is reported only if
    ``me`` completed an unlock with this key before then (after which a head is always kept).
    """
    keys = audit_log.registered_keys(session)
    heads = trusted_heads(slots, keys)
    problems, intact = audit_log.seen_head_problems(session, heads, keys)
    if me is not None and intact:
        latest = max(intact, key=lambda head: head.row_id)
        problem, _ = audit_log.rows_since_problem(session, latest, registrars(session))
        if problem:
            problems.append(problem)
    mine = slots.find(me) if me is not None else None
    if mine is None or not mine.signing_public_key:
        return problems
    account = actor_of(mine.name)
    if any(head.account == account for head in heads):
        return problems
    if mine.witness is not None and not keyslots.witness_is_signed(mine):
        problems.append(
            f"the last-seen audit head kept for {account} does not carry {account}'s signature"
        )
    elif mine.witness is None and audit_log.unlocked_with_key(
        session, account, mine.signing_public_key.hex(), before_row
    ):
        problems.append(
            f"the last-seen audit head of {account} is missing from the key-slot file, so rows "
            "lost since the last sign-in cannot be ruled out"
        )
    return problems


def save_witness(
    database: EncryptedDatabase, slot_name: str, signer: AuditSigner, head: ChainHead
) -> None:
    """Write ``head`` into the account's slot, under the database's write lock.

    Called only for committed rows, so a crash leaves the earlier (still true) head.
    """
    path = keyslot_path(database.path)
    with database.write_lock():
        slots = keyslots.read_slot_file(path)
        slot = slots.find(slot_name)
        if slot is None or slot.signing_public_key.hex() != signer.public_hex:
            return
        at = datetime.now(UTC).isoformat(timespec="seconds")
        updated = keyslots.with_witness(slot, signer.key, head.row_id, head.row_hash, at)
        keyslots.write_slot_file(path, slots.with_slot(updated))


def slot_file(database_path: Path) -> KeySlotFile:
    return keyslots.read_slot_file(keyslot_path(database_path))
