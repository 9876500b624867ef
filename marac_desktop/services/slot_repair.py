"""Repairs at unlock for the two-file changes a crash can leave half done.

``user add``, ``user revoke`` and ``user reset`` write the key-slot file inside the database
transaction that records them, so a crash between the two leaves one of two states, and each
has one repair:

- a slot with no active account (an add that never committed, or a revoked account's slot put
  back): the slot is removed;
- an active account with no slot (a revoke that removed the slot and then died): the account is
  marked revoked.

``user passwd`` and ``user reset`` commit their audit row (which registers the new signing key)
before writing the slot; if the slot write never happened, the owner's old key is no longer the
latest registered one. At the owner's next sign-in that is recorded and the old key registered
again, so the earlier password simply stays.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.paths import keyslot_path
from marac_desktop.storage import audit_log, keyslots, users_repo
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.database import EncryptedDatabase


def repair_accounts(database: EncryptedDatabase, actor: str, signer: AuditSigner) -> list[str]:
    """Make slots and accounts agree; return a note for each repair (also audited)."""
    path = keyslot_path(database.path)
    notes: list[str] = []
    with database.transaction() as session:
        accounts = {user.username: user for user in users_repo.all_users(session)}
        slots = keyslots.read_slot_file(path)  # read under the write lock the query took
        orphans = [
            slot.name
            for slot in slots.slots
            if slot.kind == "user" and (slot.name not in accounts or not accounts[slot.name].active)
        ]
        for name in orphans:
            notes.append(f"removed the key slot of {name}, which has no active account")
            slots = slots.without(name)
        for user in accounts.values():
            if user.active and slots.find(user.username) is None:
                users_repo.revoke(session, user.username)
                notes.append(f"marked {user.username} revoked: the account's key slot is gone")
        for note in notes:
            audit_log.append(
                session, actor, AuditAction.REPAIR, "account", detail=note, signer=signer
            )
        if orphans:
            keyslots.write_slot_file(path, slots)
    return notes


def repair_own_key(session: Session, actor: str, signer: AuditSigner) -> str | None:
    """Register the signed-in slot's key if the audit log does not end on it for this account.

    Returns a repair note, or a problem sentence (when someone else registered a newer key).
    """
    latest = audit_log.latest_registration(session, actor)
    if latest is not None and latest.public_hex == signer.public_hex:
        return None
    keys = audit_log.registered_keys(session).get(actor, [])
    if latest is not None and signer.public_hex not in keys:
        return (
            f"the key slot of {actor} holds a signing key the audit log does not register to "
            f"{actor}; the key-slot file may have been replaced"
        )
    audit_log.register_key(session, signer, actor, actor, signer.public_hex)
    if latest is None:
        return None  # the first key of a slot written before signatures
    if latest.registrar == actor:
        note = f"a password change by {actor} on {latest.at[:10]} did not reach the key slot"
        audit_log.append(
            session, actor, AuditAction.REPAIR, "account", actor, detail=note, signer=signer
        )
        return None
    return (
        f"a newer signing key for {actor} was registered by {latest.registrar} on {latest.at[:10]} "
        f"but {actor}'s key slot does not hold it (an interrupted password reset, or a "
        "changed audit log)"
    )
