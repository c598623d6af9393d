import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.core.identifiers import (
    InvalidIdentifier,
    excel_damage,
    parse_kbli,
    parse_nib,
    parse_nik,
    parse_nip,
    parse_npwp,
    parse_phone,
)


def message(fn, value) -> str:
    with pytest.raises(InvalidIdentifier) as exc:
        fn(value)
    return exc.value.messages[0]


# --- NIP ----------------------------------------------------------------------------------------------


def test_nip_pns_is_parsed_into_its_parts():
    nip = parse_nip("19850310 201001 1 002")
    assert nip.value == "198503102010011002"
    assert (nip.kind, nip.birth_date, nip.appointed_year, nip.appointed_month, nip.gender) == (
        "PNS",
        datetime.date(1985, 3, 10),
        2010,
        1,
        "L",
    )


def test_nip_pppk_is_told_apart_by_digits_13_and_14():
    nip = parse_nip("199204152022 2 3 2 015".replace(" ", ""))
    assert (nip.kind, nip.appointed_year, nip.appointed_month, nip.gender) == ("PPPK", 2022, None, "P")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19850310201001100", "NIP harus 18 digit (yang diisi 17 digit)"),
        ("1985031020100110021", "NIP harus 18 digit (yang diisi 19 digit)"),
        ("19850310201001100A", "NIP hanya boleh berisi angka"),
        ("198513102010011002", "tanggal lahir pada NIP (8 digit pertama) tidak valid"),
        ("198502302010011002", "tanggal lahir pada NIP (8 digit pertama) tidak valid"),
        ("198503101990011002", "tahun pengangkatan pada NIP (digit 9-12) tidak masuk akal"),
        ("198503102010131002", "bulan pengangkatan pada NIP (digit 13-14) harus 01-12"),
        ("198503102010201002", "bulan pengangkatan pada NIP (digit 13-14) harus 01-12"),
        ("198503102010013002", "digit jenis kelamin pada NIP (digit 15) harus 1 atau 2"),
        ("198503102010011000", "nomor urut pada NIP (3 digit terakhir) tidak boleh 000"),
        ("", "NIP wajib diisi"),
    ],
)
def test_nip_rejections_say_what_is_wrong(value, expected):
    assert message(parse_nip, value) == expected


def test_nip_damaged_by_excel_is_diagnosed():
    assert "rusak oleh Excel (1.98503E+17)" in message(parse_nip, "1.98503E+17")


@given(
    birth=st.dates(datetime.date(1950, 1, 1), datetime.date(2000, 12, 31)),
    years_later=st.integers(18, 25),
    month=st.integers(1, 12),
    gender=st.sampled_from("12"),
    seq=st.integers(1, 999),
    pppk=st.booleans(),
    contract=st.integers(1, 9),
)
def test_any_well_formed_nip_round_trips(birth, years_later, month, gender, seq, pppk, contract):
    year = birth.year + years_later
    middle = f"{year}2{contract}" if pppk else f"{year}{month:02d}"
    value = f"{birth:%Y%m%d}{middle}{gender}{seq:03d}"
    nip = parse_nip(value)
    assert nip.value == value
    assert nip.kind == ("PPPK" if pppk else "PNS")
    assert nip.birth_date == birth
    assert nip.gender == ("L" if gender == "1" else "P")


@given(st.text(max_size=30))
def test_nip_parser_never_crashes_on_garbage(text):
    try:
        assert len(parse_nip(text).value) == 18
    except InvalidIdentifier as exc:
        assert exc.messages[0]


# --- NIK ----------------------------------------------------------------------------------------------


def test_nik_man_and_woman():
    man = parse_nik("3213011701900001")
    assert (man.region_code, man.birth_day, man.birth_month, man.gender) == ("321301", 17, 1, "L")
    woman = parse_nik("3213 0157 0190 0002")  # day 17 + 40 for women
    assert (woman.birth_day, woman.gender) == (17, "P")


def test_nik_from_outside_subang_is_accepted():
    assert parse_nik("3174054107850003").region_code == "317405"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("321301170190000", "NIK harus 16 digit (yang diisi 15 digit)"),
        ("0013011701900001", "kode provinsi pada NIK (2 digit pertama) tidak dikenal"),
        ("3200011701900001", "kode kabupaten/kecamatan pada NIK (digit 3-6) tidak valid"),
        ("3213013201900001", "tanggal lahir pada NIK (digit 7-12) tidak valid"),
        ("3213017201900001", "tanggal lahir pada NIK (digit 7-12) tidak valid"),
        ("3213013002900001", "tanggal lahir pada NIK (digit 7-12) tidak valid"),
        ("3213011701900000", "nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"),
    ],
)
def test_nik_rejections_say_what_is_wrong(value, expected):
    assert message(parse_nik, value) == expected


def test_nik_29_february_needs_a_leap_year_in_some_century():
    assert parse_nik("3213012902000001").birth_day == 29  # 2000 is a leap year
    assert "tanggal lahir" in message(parse_nik, "3213012902010001")  # neither 1901 nor 2001


@pytest.mark.parametrize("damaged", ["3.21301E+15", "3,21301E+15", "3.213011701900001e15"])
def test_nik_in_scientific_notation_is_excel_damage(damaged):
    assert message(parse_nik, damaged).startswith(f"angka ini rusak oleh Excel ({damaged})")


def test_nik_with_a_harmless_trailing_decimal_is_read():
    assert parse_nik("3213011701900001.0").value == "3213011701900001"


@given(
    province=st.sampled_from(sorted(__import__("lapak.core.identifiers", fromlist=["x"]).PROVINCE_CODES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    born=st.dates(datetime.date(1940, 1, 1), datetime.date(2010, 12, 31)),
    woman=st.booleans(),
    seq=st.integers(1, 9999),
)
def test_any_well_formed_nik_round_trips(province, regency, district, born, woman, seq):
    day = born.day + (40 if woman else 0)
    value = f"{province}{regency:02d}{district:02d}{day:02d}{born:%m%y}{seq:04d}"
    nik = parse_nik(value)
    assert (nik.value, nik.birth_day, nik.birth_month, nik.gender) == (
        value,
        born.day,
        born.month,
        "P" if woman else "L",
    )


# --- NIB, NPWP, KBLI ----------------------------------------------------------------------------------


def test_nib():
    assert parse_nib("9120 1023 4567 8") == "9120102345678"
    assert message(parse_nib, "912010234567") == "NIB harus 13 digit (yang diisi 12 digit)"
    assert message(parse_nib, "0000000000000") == "NIB tidak boleh nol semua"


def test_npwp_legacy_15_digits_gain_a_leading_zero():
    assert parse_npwp("01.234.567.8-901.000") == "0012345678901000"
    assert parse_npwp("3213011701900001") == "3213011701900001"
    assert message(parse_npwp, "01.234.567.8-901") == "NPWP harus 15 atau 16 digit (yang diisi 12 digit)"


def test_kbli():
    assert parse_kbli("10792") == "10792"  # roti dan kue
    assert parse_kbli("47111") == "47111"
    assert message(parse_kbli, "1079") == "KBLI harus 5 digit (yang diisi 4 digit)"
    assert "2 digit pertama (04)" in message(parse_kbli, "04123")  # no division 04 in KBLI 2020


# --- Phone --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "6281234567890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
        "81234567890",
        "81234567890.0",
        "(0812) 3456-7890",
    ],
)
def test_phone_spellings_normalise_to_e164(typed):
    assert parse_phone(typed) == "+6281234567890"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "nomor HP wajib diisi"),
        ("0812-abc-7890", "nomor HP hanya boleh berisi angka, spasi, tanda - dan + di depan"),
        ("+60123456789", "nomor HP harus nomor Indonesia (+62)"),
        ("0260 411234", "nomor HP harus nomor seluler yang diawali 08"),
        ("0812345", "nomor HP tidak valid: periksa jumlah digit dan kode operatornya (08xx)"),
        (
            "6.28123E+12",
            "angka ini rusak oleh Excel (6.28123E+12) — format kolom sebagai teks lalu ketik ulang",
        ),
    ],
)
def test_phone_rejections(typed, expected):
    assert message(parse_phone, typed) == expected


@given(
    prefix=st.sampled_from(["811", "812", "813", "821", "852", "857", "878", "895"]),
    rest=st.integers(0, 10**8 - 1),
)
def test_phone_normalisation_is_stable(prefix, rest):
    normalised = parse_phone(f"0{prefix}{rest:08d}")
    assert normalised == f"+62{prefix}{rest:08d}"
    assert parse_phone(normalised) == normalised


def test_excel_damage_detects_only_scientific_notation():
    assert excel_damage("3.21301E+15")
    assert excel_damage("1500000") is None
    assert excel_damage("Rp 1.500.000") is None


@given(
    st.one_of(
        st.from_regex(r"(\+62|62|0)?8[0-9]{6,13}", fullmatch=True),
        st.from_regex(r"(\+62 |0)8[0-9]{2}[- ][0-9]{3,4}[- ][0-9]{3,5}", fullmatch=True),
    )
)
def test_the_fast_phone_path_agrees_with_the_full_parser(typed):
    from lapak.core.identifiers import _parse_phone_fully

    try:
        full = _parse_phone_fully(typed)
    except InvalidIdentifier:
        full = None
    try:
        fast = parse_phone(typed)
    except InvalidIdentifier:
        fast = None
    assert fast == full
