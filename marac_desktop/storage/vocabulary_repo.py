"""The vocabularies in force in a database: the shipped files plus the area's own terms.

Every write of a coded field goes through ``code``, so a coded column can only ever hold a
code; what a person typed that matches no term is kept apart as the detail.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from sqlalchemy.orm import Session

from marac_desktop import paths
from marac_desktop.domain.vocabulary import Coded, Term, Vocabularies, Vocabulary, VocabularyId
from marac_desktop.risk.vocabularies import load_vocabularies, resolve
from marac_desktop.storage import settings_repo

ADDITIONS_KEY = "vocabulary_additions"
_CACHE = "marac_vocabularies"


@functools.cache
def shipped() -> Vocabularies:
    return load_vocabularies(paths.vocabularies_dir())


def _additions(stored: Any) -> dict[VocabularyId, list[Term]]:
    found: dict[VocabularyId, list[Term]] = {}
    for key, terms in (stored or {}).items():
        found[VocabularyId(key)] = [
            Term(t["code"], t["label"], frozenset(t.get("traits", ())), local=True) for t in terms
        ]
    return found


@functools.lru_cache(maxsize=16)
def _combined(additions_json: str) -> Vocabularies:
    return load_vocabularies(paths.vocabularies_dir(), _additions(json.loads(additions_json)))


def vocabularies(session: Session) -> Vocabularies:
    cached: Vocabularies | None = session.info.get(_CACHE)
    if cached is None:
        stored = settings_repo.load(session, ADDITIONS_KEY)
        cached = _combined(json.dumps(stored, sort_keys=True)) if stored else shipped()
        session.info[_CACHE] = cached
    return cached


def vocabulary(session: Session, which: VocabularyId) -> Vocabulary:
    return vocabularies(session).get(which)


def code(session: Session, which: VocabularyId, text: str, detail: str = "") -> Coded:
    """The code to store for a value chosen or typed; ``detail`` (a description in the
    person's own words) is kept beside a known code too."""
    coded = resolve(vocabulary(session, which), text)
    if detail.strip() and not coded.detail:
        return Coded(coded.code, " ".join(detail.split()))
    return coded


def add_term(session: Session, which: VocabularyId, term: Term) -> None:
    stored: dict[str, list[dict[str, Any]]] = settings_repo.load(session, ADDITIONS_KEY) or {}
    stored.setdefault(which.value, []).append(
        {"code": term.code, "label": term.label, "traits": sorted(term.traits)}
    )
    settings_repo.store(session, ADDITIONS_KEY, stored)
    session.info.pop(_CACHE, None)
