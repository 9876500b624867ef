from __future__ import annotations

import pytest

from marac_desktop.domain.passwords import MINIMUM_LENGTH, password_problem, strength_label


def test_length_boundary() -> None:
    assert password_problem("x7Kq!" + "a" * (MINIMUM_LENGTH - 6)) is not None
    assert password_problem("x7Kq!mz" + "b" * (MINIMUM_LENGTH - 7)) is None


@pytest.mark.parametrize(
    "weak", ["password1234", "PASSWORD1234", "aaaaaaaaaaaaaaaa", "121212121212"]
)
def test_common_or_repetitive_passwords_are_refused(weak: str) -> None:
    assert password_problem(weak) is not None


def test_password_may_not_contain_user_name() -> None:
    assert password_problem("jsmith-summer-garden", "jsmith") is not None
    assert password_problem("quiet summer garden", "jsmith") is None


def test_strength_label() -> None:
    assert strength_label("short") == "too weak"
    assert strength_label("quiet summer garden") == "acceptable"
    assert strength_label("quiet summer garden lamp") == "strong"
