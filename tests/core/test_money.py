import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.core.money import InvalidAmount, format_rupiah, parse_rupiah


@pytest.mark.parametrize(
    "typed",
    [
        "Rp 1.500.000",
        "Rp1.500.000",
        "rp. 1.500.000",
        "IDR 1,500,000",
        "1500000",
        "1500000.00",
        "1.500.000,00",
        "1,500,000.00",
        "Rp 1.500.000,-",
        "1 500 000",
        "1500000,0",
        1500000,
    ],
)
def test_spreadsheet_spellings_of_one_and_a_half_million(typed):
    assert parse_rupiah(typed) == 1_500_000


@pytest.mark.parametrize(("typed", "value"), [("15.000", 15000), ("15,000", 15000), ("750", 750), ("0", 0)])
def test_small_amounts(typed, value):
    assert parse_rupiah(typed) == value


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "jumlah rupiah wajib diisi"),
        ("1.5E+06", "angka ini rusak oleh Excel (1.5E+06) — format kolom sebagai teks lalu ketik ulang"),
        ("1500,50", "rupiah tidak boleh pecahan (1500,50); bulatkan ke rupiah penuh"),
        ("1.5", "rupiah tidak boleh pecahan (1.5); bulatkan ke rupiah penuh"),
        ("1.50.000", "pemisah ribuan pada '1.50.000' tidak beraturan; tulis misalnya 1.500.000"),
        ("1.500,000", "pemisah ribuan pada '1.500,000' tidak beraturan; tulis misalnya 1.500.000"),
        ("1.500.00", "format angka '1.500.00' tidak jelas; tulis misalnya 1.500.000"),
        ("seribu", "'seribu' bukan jumlah rupiah; tulis angka saja, misalnya 1.500.000"),
        ("-5.000", "jumlah rupiah tidak boleh negatif"),
    ],
)
def test_unreadable_amounts_are_refused_with_a_reason(typed, expected):
    with pytest.raises(InvalidAmount) as exc:
        parse_rupiah(typed)
    assert exc.value.messages[0] == expected


def test_negative_amounts_when_allowed():
    assert parse_rupiah("-Rp 5.000", allow_negative=True) == -5000


def test_format():
    assert format_rupiah(1_250_000) == "Rp1.250.000"
    assert format_rupiah(0) == "Rp0"
    assert format_rupiah(-15_000) == "-Rp15.000"


amounts = st.integers(min_value=0, max_value=10**13)


@given(amounts)
def test_formatted_amount_parses_back(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(amounts, st.sampled_from(["{:,}", "{:,}.00", "Rp {:,}", "{}", "{}.00", "{}.0"]), st.booleans())
def test_common_spreadsheet_renderings_parse_back(amount, template, indonesian):
    text = template.format(amount)
    if indonesian:  # swap the marks: 1,500,000.00 -> 1.500.000,00
        text = text.translate(str.maketrans(",.", ".,"))
    assert parse_rupiah(text) == amount
