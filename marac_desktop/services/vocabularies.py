"""The controlled vocabularies in force (shipped terms and the area's own), and adding to them.

Screens offer a vocabulary's labels as a list; what the person picks is stored as its code.
An administrator can add an area's own term (a code and a label) in Settings.
"""

from __future__ import annotations

import re

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import OTHER, Term, Vocabularies, VocabularyId, fold
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.vocabularies import MAX_LABEL, TRAITS
from marac_desktop.services.validation import clean
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import vocabulary_repo

CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")


@requires(Anyone.SESSION)
def current(workspace: Workspace) -> Vocabularies:
    with workspace.transaction() as session:
        return vocabulary_repo.vocabularies(session)


@requires(Permission.EDIT_SETTINGS)
def add_term(
    workspace: Workspace,
    vocabulary: VocabularyId,
    code: str,
    label: str,
    traits: frozenset[str] = frozenset(),
) -> Term:
    """Add an area's own term. Its code is stored in records, so it can never be removed."""
    code = code.strip()
    if not CODE.fullmatch(code):
        raise InvalidInputError(
            "A code is 2 to 40 characters: lower-case letters, digits and _, "
            "starting with a letter."
        )
    label = clean(label, "label", required=True, limit=MAX_LABEL)
    unknown = traits - set(TRAITS[vocabulary])
    if unknown:
        raise InvalidInputError(f"A {vocabulary.value} term cannot be marked {sorted(unknown)[0]}.")
    with workspace.transaction() as session:
        existing = vocabulary_repo.vocabulary(session, vocabulary)
        if code in existing:
            raise InvalidInputError(f"The code {code} is already in the list.")
        if existing.resolve(label).code != OTHER or fold(label) == OTHER:
            raise InvalidInputError("That label is already in the list, or too like one in it.")
        term = Term(code, label, traits, local=True)
        vocabulary_repo.add_term(session, vocabulary, term)
        workspace.record(
            session,
            AuditAction.SETTING_CHANGED,
            "setting",
            vocabulary_repo.ADDITIONS_KEY,
            detail=f"{vocabulary.value}: added {code}",
        )
    return term
