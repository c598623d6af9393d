"""Golongan and eselon as BKPSDM spells them, read to the one form the rule tables compare."""

import pytest

from lapak.program.grades import InvalidGrade, parse_eselon, parse_golongan


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("III/b", "pns", "III/b"),
        ("iii-B", "pns", "III/b"),
        ("3b", "pns", "III/b"),
        ("IIIb", "pns", "III/b"),
        ("Penata Muda Tk. I (III/b)", "pns", "III/b"),
        ("Penata Muda Tingkat I", "pns", "III/b"),
        ("Pembina Utama", "pns", "IV/e"),
        ("IV/e", "pns", "IV/e"),
        ("", "pns", ""),
        ("IX", "pppk", "IX"),
        ("9", "pppk_pw", "IX"),
        ("Gol. XVII", "pppk", "XVII"),
    ],
)
def test_golongan_spellings(raw, kind, expected):
    assert parse_golongan(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("III/e", "pns"), ("IX", "pns"), ("III/b", "pppk"), ("XVIII", "pppk"), ("Penata Madya", "pns")],
)
def test_golongan_that_does_not_exist(raw, kind):
    with pytest.raises(InvalidGrade):
        parse_golongan(raw, kind)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("II.b", "II.b"),
        ("II/b", "II.b"),
        ("Eselon IIa", "II.a"),
        ("4a", "IV.a"),
        ("Non Eselon", ""),
        ("non-eselon", ""),
        ("-", ""),
        ("", ""),
    ],
)
def test_eselon_spellings(raw, expected):
    assert parse_eselon(raw) == expected


@pytest.mark.parametrize("raw", ["V.b", "VI.a", "Eselon Tinggi", "II"])
def test_eselon_that_does_not_exist(raw):
    with pytest.raises(InvalidGrade):
        parse_eselon(raw)
