"""Blocked goods are caught however the name is spelled to slip past: digits for letters, Cyrillic or
Greek look-alikes, full-width letters, accents, invisible characters; ordinary Subang product names stay
unflagged."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapak.catalog.rules import not_umkm_reason

BLOCKED_WORDS = [
    "voucher",
    "gift card",
    "kartu hadiah",
    "pulsa",
    "paket data",
    "top up",
    "token listrik",
    "emas batangan",
    "logam mulia",
    "antam",
    "saldo dana",
    "saldo ovo",
    "saldo gopay",
    "saldo e-wallet",
]


@pytest.mark.parametrize(
    "name",
    [
        "V0UCHER belanja 100rb",
        "Vоucher Indomaret",  # Cyrillic о
        "Pul5a 50rb semua operator",
        "ｐｕｌｓａ murah",  # full-width
        "Vóucher game",
        "vou\u200bcher",  # zero-width space
        "G1FT CARD",
        "T0P-UP diamond",
        "Tοken Listr1k 100rb",  # Greek ο
        "L0gam Mu1ia 5 gr",
        "@ntam 10 gr",
        "LM 5 gr",
        "PULSA",
        "Kartu H4diah",
        "sald0 GoPay",
        "EМАS BАTАNGАN",  # Cyrillic М, А
    ],
)
def test_look_alike_spellings_are_caught(name):
    assert "bukan produk UMKM" in not_umkm_reason(name)


SUBANG_PRODUCTS = [
    "Kopi 250 gr",
    "Dodol 5 pcs",
    "Keripik 1 kg",
    "Dodol Nanas Madu 500 gr",
    "Kopi Robusta Sagalaherang 1 kg",
    "Keripik Singkong Pedas Level 5",
    "Sale Pisang 250gr",
    "Rengginang Ketan 20 pcs",
    "Opak Bakar isi 10",
    "Peuyeum Ketan 3 bungkus",
    "Nanas Madu Subang 1 buah",
    "Gula Aren 1/2 kg",
    "Teh Hijau Ciater 100 gr",
    "Madu Hutan 350 ml",
    "Tahu Sumedang 50 biji",
    "Paket Nasi Liwet 4 orang",
    "Paket Hemat Oleh-oleh 3 in 1",
    "Beras Pulen 5 kg",
    "Batik Tulis Subang motif Nanas",
    "Tas Anyaman Bambu",
    "Kaos Sablon Subang 2026",
    "Sambal Bawang 3 rasa",
    "Kerupuk Udang 4 rasa",
    "Susu Kambing Etawa 1 liter",
    "Toples Kue Lebaran 3 susun",
    "Emping Melinjo 1/4 kg",
    "Cireng Isi Ayam 10 pcs",
    "Minyak Kelapa Murni 1 L",
    "Bolu Pandan Top Rasa",
    "Ulen Bakar 5 buah",
    "Tape Ketan Hijau 1 toples",
    "Kopi Luwak Liar 100 g",
    "Sepatu Kulit ukuran 40",
    "Kripik Tempe 7 bungkus",
    "Tenun Ikat 2 m",
]


@pytest.mark.parametrize("name", SUBANG_PRODUCTS)
def test_ordinary_product_names_are_not_flagged(name):
    assert not_umkm_reason(name, "Produk rumahan dari Subang, 100% halal, 1 pak isi 12") == ""


# Independent of the implementation's own tables: what a seller may type for each letter.
SUBSTITUTES = {
    "a": ["a", "A", "4", "@", "а", "α", "ａ", "á"],
    "b": ["b", "B", "8"],
    "c": ["c", "C", "с", "ｃ"],
    "d": ["d", "D", "ԁ"],
    "e": ["e", "E", "3", "е", "ε", "é", "ｅ"],
    "g": ["g", "G", "9"],
    "h": ["h", "H", "һ", "Н"],
    "i": ["i", "I", "1", "!", "|", "і", "ι", "í"],
    "k": ["k", "K", "к", "κ"],
    "l": ["l", "L", "1", "|", "ӏ"],
    "m": ["m", "M", "м", "М"],
    "n": ["n", "N", "η"],
    "o": ["o", "O", "0", "о", "ο", "ó", "ｏ"],
    "p": ["p", "P", "р", "ρ", "ｐ"],
    "r": ["r", "R"],
    "s": ["s", "S", "5", "$", "ѕ", "ｓ"],
    "t": ["t", "T", "7", "+", "т", "τ"],
    "u": ["u", "U", "υ", "ú"],
    "v": ["v", "V", "ν", "ѵ"],
    "w": ["w", "W", "ԝ"],
    "y": ["y", "Y", "у"],
}


@st.composite
def disguised(draw):
    word = draw(st.sampled_from(BLOCKED_WORDS))
    letters = [draw(st.sampled_from(SUBSTITUTES.get(c, [c, c.upper()]))) for c in word]
    before = draw(st.sampled_from(["", "Jual ", "Promo: ", "Murah "]))
    after = draw(st.sampled_from(["", " 50rb", " semua operator", " 10 gr"]))
    return before + "".join(letters) + after


@settings(max_examples=400, deadline=None)
@given(name=disguised())
def test_any_blocked_word_with_look_alike_substitutions_is_caught(name):
    assert not_umkm_reason(name) != "", name
