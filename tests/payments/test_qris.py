import io

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from lapak.payments.qris import (
    Qris,
    QrisError,
    crc16_ccitt_false,
    qris_dynamic,
    qris_from_image,
    qris_parse,
    qris_static_parse,
)

# Payloads copied exactly from public open-source repositories (MIT-licensed test data), as collected in the
# team's qris_samples.txt.
# github.com/nsNeruno/qris test/sample_data.dart (sample1), MIT
KANTIN_STATIC = (
    "00020101021126610014COM.GO-JEK.WWW01189360091435456007810210G5456007810303UMI51440014ID.CO.QRIS.WWW"
    "0215ID10190000023280303UMI5204581253033605802ID5916Kantin Ibu Lilik6013Jakarta Pusat61051031062070703A01"
    "63044C6B"
)
# github.com/verssache/qris-dinamis qris.php (comment), MIT
SUGENG_STATIC = (
    "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215"
    "ID10200176114730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7"
)
# SUGENG_STATIC made dynamic with amount 25000 (01 -> 12, 54 inserted before 58, CRC recomputed).
SUGENG_DYNAMIC_25000 = (
    "00020101021226570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215"
    "ID10200176114730303UMI5204581253033605405250005802ID5922Warung Sayur Bu Sugeng6010Kab. Demak61055956763"
    "0468D5"
)
# github.com/astrapay/spring-qris src/test/java/com/astrapay/qris/mpm/QrisParserMpmPaymentTest.java,
# anonymised test data, MIT. Stored CRC A79C, computed 7F7A.
ASTRAPAY_BAD_CRC = (
    "00020101021126640018ID.CO.ASTRAPAY.WWW011893600822321000024002092100002400303UBE51440014ID.CO.QRIS.WWW"
    "0215ID20210662463920303UBE5204581253033605802ID5913TEST MERCHANT6007Jakarta61054433562080704AP016304A79C"
)

# The two merchant-account templates of the Bu Sugeng sample, reused to build off-spec payloads.
SUGENG_ACCOUNTS = (
    "26570011ID.DANA.WWW011893600915302259148102090225914810303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI"
)


def with_crc(body: str) -> str:
    """A payload from everything before tag 63, with a correct CRC appended."""
    return body + "6304" + crc16_ccitt_false(body + "6304")


def png(payload: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, micro=False).save(buffer, kind="png", scale=6)
    return buffer.getvalue()


def test_crc_matches_the_standard_check_value():
    assert crc16_ccitt_false("123456789") == "29B1"
    assert crc16_ccitt_false("") == "FFFF"


@pytest.mark.parametrize(
    ("payload", "crc"),
    [
        (KANTIN_STATIC, "4C6B"),
        (SUGENG_STATIC, "58C7"),
        (SUGENG_DYNAMIC_25000, "68D5"),
        (ASTRAPAY_BAD_CRC, "7F7A"),
    ],
)
def test_crc_of_the_samples(payload, crc):
    assert crc16_ccitt_false(payload[:-4]) == crc


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            KANTIN_STATIC,
            {
                "merchant_name": "Kantin Ibu Lilik",
                "city": "Jakarta Pusat",
                "postal_code": "10310",
                "nmid": "ID1019000002328",
                "acquirer": "COM.GO-JEK.WWW",
            },
        ),
        (
            SUGENG_STATIC,
            {
                "merchant_name": "Warung Sayur Bu Sugeng",
                "city": "Kab. Demak",
                "postal_code": "59567",
                "nmid": "ID1020017611473",
                "acquirer": "ID.DANA.WWW",
            },
        ),
    ],
)
def test_static_samples_parse(payload, expected):
    qris = qris_static_parse(payload)
    assert qris == Qris(payload=payload, static=True, mcc="5812", criteria="UMI", amount=None, **expected)
    assert qris_parse(payload) == qris


def test_copy_pasted_line_breaks_and_surrounding_whitespace_are_ignored_but_spaces_in_names_are_kept():
    wrapped = (
        "  \n" + SUGENG_STATIC[:80] + "\r\n" + SUGENG_STATIC[80:160] + "\n" + SUGENG_STATIC[160:] + "\n "
    )
    qris = qris_static_parse(wrapped)
    assert qris.payload == SUGENG_STATIC
    assert qris.merchant_name == "Warung Sayur Bu Sugeng"


def test_dynamic_conversion_reproduces_the_sample_byte_for_byte():
    assert qris_dynamic(SUGENG_STATIC, 25000) == SUGENG_DYNAMIC_25000


def test_dynamic_payload_parses_with_its_amount():
    qris = qris_parse(SUGENG_DYNAMIC_25000)
    assert qris.static is False
    assert qris.amount == 25000
    assert qris.nmid == "ID1020017611473"
    assert qris.merchant_name == "Warung Sayur Bu Sugeng"


def test_dynamic_conversion_keeps_additional_data_and_puts_the_amount_before_the_country():
    dynamic = qris_dynamic(KANTIN_STATIC, 15000)
    assert "5303360" + "540515000" + "5802ID" in dynamic
    assert "62070703A01" + "6304" in dynamic
    qris = qris_parse(dynamic)
    assert (qris.static, qris.amount, qris.merchant_name) == (False, 15000, "Kantin Ibu Lilik")


def test_dynamic_conversion_replaces_an_amount_already_in_the_static_code():
    fixed_price = with_crc(f"000201010211{SUGENG_ACCOUNTS}52045812530336054045000" + "5802ID5906Warung")
    assert qris_static_parse(fixed_price).amount == 5000
    dynamic = qris_dynamic(fixed_price, 7500)
    assert dynamic.count("5404") == 1 and "54047500" + "5802ID" in dynamic
    assert qris_parse(dynamic).amount == 7500


def test_a_dynamic_code_is_refused_where_a_static_one_is_required():
    with pytest.raises(QrisError, match=r"dinamis.*Rp25\.000.*statis"):
        qris_static_parse(SUGENG_DYNAMIC_25000)
    with pytest.raises(QrisError, match="dinamis"):
        qris_dynamic(SUGENG_DYNAMIC_25000, 30000)


def test_wrong_crc_names_both_values():
    with pytest.raises(QrisError, match="CRC") as raised:
        qris_parse(ASTRAPAY_BAD_CRC)
    assert "A79C" in str(raised.value) and "7F7A" in str(raised.value)


def test_a_tampered_merchant_name_fails_the_crc():
    tampered = SUGENG_STATIC.replace("Bu Sugeng", "Bu Sugenk")
    with pytest.raises(QrisError, match="tertulis 58C7, seharusnya"):
        qris_parse(tampered)


def test_lowercase_crc_with_the_right_value_is_accepted():
    assert qris_parse(KANTIN_STATIC[:-4] + "4c6b").merchant_name == "Kantin Ibu Lilik"


@pytest.mark.parametrize("text", ["", "   ", "\r\n"])
def test_empty_input(text):
    with pytest.raises(QrisError, match="kosong"):
        qris_parse(text)


@pytest.mark.parametrize("text", ["hello world", "https://example.com/bayar", "01020304", "Warung Sayur"])
def test_text_that_is_not_a_qris(text):
    with pytest.raises(QrisError, match="bukan kode QRIS.*000201"):
        qris_parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SUGENG_STATIC[:100], "terpotong: bagian 51 seharusnya 44 karakter"),
        (SUGENG_STATIC[:-2], "terpotong: bagian 63 seharusnya 4 karakter"),
        (SUGENG_STATIC[:-6], "terpotong: kodenya berhenti"),
        (SUGENG_STATIC[:-8], "angka pemeriksa \\(CRC\\) di akhir kode tidak ada"),
        ("000201010211xx04abcd", "karakter yang tidak semestinya di karakter ke-13"),
        ("00020101021126A5", "karakter yang tidak semestinya di karakter ke-13"),
        (SUGENG_STATIC + "0703A01", "teks tambahan setelah angka pemeriksa"),
        (SUGENG_STATIC[:-8] + "6303ABC", "CRC\\) 'ABC' tidak terbaca"),
        (SUGENG_STATIC[:-8] + "6304XYZ!", "CRC\\) 'XYZ!' tidak terbaca"),
        (SUGENG_STATIC[:12] + "5802ID" + SUGENG_STATIC[12:], "bagian 58 tercantum lebih dari sekali"),
    ],
)
def test_truncated_or_garbled_payloads(text, message):
    with pytest.raises(QrisError, match=message):
        qris_parse(text)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"000202010211{SUGENG_ACCOUNTS}5303360", "penanda format '02', seharusnya '01'"),
        (f"000201010213{SUGENG_ACCOUNTS}5303360", "bagian 01 berisi '13'"),
        (f"000201{SUGENG_ACCOUNTS}5303360", "bagian 01 berisi ''"),
        (
            f"000201010211{SUGENG_ACCOUNTS}53038405909Warung US",
            "Rupiah \\(kode mata uang 840, seharusnya 360",
        ),
        (f"000201010211{SUGENG_ACCOUNTS}5909Warung XX", "mata uang tidak dicantumkan"),
        (f"000201010211{SUGENG_ACCOUNTS}53033605802ID6010Kab. Demak", "tidak mencantumkan nama toko"),
        (f"000201010211{SUGENG_ACCOUNTS}53033605903   ", "tidak mencantumkan nama toko"),
        ("0002010102115303360" + "5906Warung", "tidak mencantumkan akun penerima"),
        (f"000201010212{SUGENG_ACCOUNTS}5303360540525.505906Warung", "Nominal dalam kode QRIS tidak valid"),
        (f"000201010212{SUGENG_ACCOUNTS}530336054010" + "5906Warung", "Nominal dalam kode QRIS tidak valid"),
    ],
)
def test_well_formed_payloads_that_are_not_usable(body, message):
    with pytest.raises(QrisError, match=message):
        qris_parse(with_crc(body))


def test_an_amount_with_zero_decimals_is_read_as_whole_rupiah():
    payload = with_crc(f"000201010212{SUGENG_ACCOUNTS}530336054072500.005906Warung")
    assert qris_parse(payload).amount == 2500


def test_every_failure_mode_has_its_own_message():
    bad_inputs = [
        "",
        "hello",
        SUGENG_STATIC[:100],
        "000201010211xx04abcd",
        SUGENG_STATIC[:-8],
        SUGENG_STATIC + "0703A01",
        ASTRAPAY_BAD_CRC,
        with_crc(f"000202010211{SUGENG_ACCOUNTS}5303360"),
        with_crc(f"000201010211{SUGENG_ACCOUNTS}53038405909Warung US"),
        with_crc(f"000201010211{SUGENG_ACCOUNTS}53033605802ID"),
        SUGENG_DYNAMIC_25000,
    ]
    messages = set()
    for text in bad_inputs:
        with pytest.raises(QrisError) as raised:
            qris_static_parse(text)
        messages.add(" ".join(str(raised.value).split()[:6]))
    assert len(messages) == len(bad_inputs)


@pytest.mark.parametrize("amount", [0, -1, -25000])
def test_amount_must_be_positive(amount):
    with pytest.raises(QrisError, match="lebih dari Rp0"):
        qris_dynamic(SUGENG_STATIC, amount)


def test_amount_has_at_most_thirteen_digits():
    assert qris_parse(qris_dynamic(SUGENG_STATIC, 10**13 - 1)).amount == 10**13 - 1
    with pytest.raises(QrisError, match="terlalu besar"):
        qris_dynamic(SUGENG_STATIC, 10**13)


@pytest.mark.parametrize("amount", [25000.0, "25000", True])
def test_amount_must_be_an_int(amount):
    with pytest.raises(TypeError):
        qris_dynamic(SUGENG_STATIC, amount)


def test_dynamic_conversion_needs_a_valid_static_code():
    with pytest.raises(QrisError, match="CRC"):
        qris_dynamic(ASTRAPAY_BAD_CRC, 25000)


@given(amount=st.integers(min_value=1, max_value=10**12))
def test_any_amount_round_trips(amount):
    dynamic = qris_dynamic(SUGENG_STATIC, amount)
    qris = qris_parse(dynamic)
    assert (qris.amount, qris.static, qris.nmid) == (amount, False, "ID1020017611473")
    assert dynamic[-4:] == crc16_ccitt_false(dynamic[:-4])


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_a_qr_image_is_read_back(kind):
    image = Image.open(io.BytesIO(png(SUGENG_STATIC))).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    assert qris_from_image(buffer.getvalue()) == qris_static_parse(SUGENG_STATIC)


def test_the_valid_qris_is_picked_when_an_image_holds_another_qr_code():
    menu, shop = (
        Image.open(io.BytesIO(png(text))).convert("L") for text in ("https://example.com", KANTIN_STATIC)
    )
    both = Image.new("L", (menu.width + shop.width, max(menu.height, shop.height)), 255)
    both.paste(menu, (0, 0))
    both.paste(shop, (menu.width, 0))
    buffer = io.BytesIO()
    both.save(buffer, format="PNG")
    assert qris_from_image(buffer.getvalue()).merchant_name == "Kantin Ibu Lilik"


def test_an_image_of_a_dynamic_code_is_refused():
    with pytest.raises(QrisError, match="dinamis"):
        qris_from_image(png(SUGENG_DYNAMIC_25000))


def test_an_image_of_a_non_qris_qr_code_says_so():
    with pytest.raises(QrisError, match="bukan kode QRIS"):
        qris_from_image(png("https://example.com"))


def test_an_image_without_a_qr_code():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), "white").save(buffer, format="PNG")
    with pytest.raises(QrisError, match="Tidak ada kode QR yang terbaca"):
        qris_from_image(buffer.getvalue())


@pytest.mark.parametrize("data", [b"", b"not an image at all", png(SUGENG_STATIC)[:200]])
def test_bytes_that_are_not_an_image(data):
    with pytest.raises(QrisError, match="tidak dapat dibuka sebagai gambar"):
        qris_from_image(data)


def test_an_image_format_we_do_not_accept():
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png(SUGENG_STATIC))).save(buffer, format="GIF")
    with pytest.raises(QrisError, match="JPG, PNG, atau WebP"):
        qris_from_image(buffer.getvalue())


def test_an_image_too_large_to_process(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(QrisError, match="terlalu besar"):
        qris_from_image(png(SUGENG_STATIC))
