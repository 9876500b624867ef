"""Password rules (NCSC / Cyber Essentials style: long, not common, no forced expiry)."""

from __future__ import annotations

MINIMUM_LENGTH = 12

_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopas",
        "qwerty123456",
        "iloveyou1234",
        "letmein12345",
        "welcome12345",
        "changeme1234",
        "administrator",
        "marac1234567",
        "maracpassword",
        "safeguarding",
        "safeguarding1",
        "abcdefghijkl",
        "aaaaaaaaaaaa",
        "password123!",
        "Password123!",
    }
)


def password_problem(password: str, username: str = "") -> str | None:
    """One sentence saying why ``password`` is too weak, or None if it is acceptable."""
    if len(password) < MINIMUM_LENGTH:
        return f"Use at least {MINIMUM_LENGTH} characters; three or four random words work well."
    lowered = password.lower()
    if password in _COMMON or lowered in _COMMON or len(set(lowered)) < 5:
        return "That password is too easy to guess; choose something less common."
    if username and username.lower() in lowered:
        return "The password must not contain the user name."
    return None


def strength_label(password: str, username: str = "") -> str:
    """A short label for a live strength meter."""
    if password_problem(password, username):
        return "too weak"
    kinds = sum(
        any(test(ch) for ch in password)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(password) >= 20 or (len(password) >= 16 and kinds >= 3):
        return "strong"
    return "acceptable"
