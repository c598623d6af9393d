"""Password rules (settings.AUTH_PASSWORD_VALIDATORS): each says in Indonesian what to change."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from lapak.accounts.models import User
from lapak.accounts.roles import Role
from tests.factories import make_user


def problems(password: str, user=None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kopi-7a", "Kata sandi terlalu pendek: minimal 8 karakter."),
        ("x" * 129, "Kata sandi terlalu panjang: maksimal 128 karakter."),
        ("48151623429", "Kata sandi tidak boleh hanya angka. Tambahkan huruf."),
        ("password123", "Kata sandi ini terlalu umum dan mudah ditebak."),
        ("Subang2025!", "Kata sandi ini terlalu umum dan mudah ditebak."),
        ("#Lapak-2026", "Kata sandi ini terlalu umum dan mudah ditebak."),
    ],
)
def test_each_rule_says_what_to_change(db, password, message):
    assert any(found.startswith(message) for found in problems(password)), problems(password)


def test_no_composition_rules_a_long_lowercase_passphrase_is_fine(db):
    assert problems("kebun nanas jalancagak") == []
    assert problems("nasi-liwet-enak") == []


def test_a_password_like_the_persons_own_details_is_refused(db):
    person = User(name="Euis Sumarni", email="euis.sumarni@example.id", phone="+6281234567890")
    assert any("terlalu mirip dengan nama" in p for p in problems("euissumarni", person))
    assert any("terlalu mirip dengan email" in p for p in problems("euis.sumarni@example", person))


def test_desk_accounts_need_twelve_characters(db):
    dkupp = make_user(Role.ADMIN_DKUPP)
    buyer = make_user(Role.MASYARAKAT)
    assert problems("rendang-10", buyer) == []
    assert problems("rendang-10", dkupp) == [
        "Kata sandi terlalu pendek: minimal 12 karakter. Gabungan kata mudah diingat."
    ]
    assert problems("rendang-padang", dkupp) == []
