"""QRIS (EMVCo merchant-presented mode) payloads: parse and check a merchant's static code, derive the
dynamic code for one order, and read a code from an uploaded photo.

A payload is a run of TLV elements: 2-digit tag, 2-digit decimal length, value. Tags 26-51 (merchant
accounts) and 62 (additional data) hold nested TLV. Tag 63 is a CRC-16/CCITT-FALSE over everything up to
and including "6304" and must come last.
"""

import re
from dataclasses import dataclass

import zxingcpp
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lapak.core.images import image_open

QRIS_NATIONAL_ID = "ID.CO.QRIS.WWW"
CRITERIA = frozenset({"UMI", "UKE", "UME", "UBE", "URE"})
STATIC = "11"
DYNAMIC = "12"
IDR = "360"
AMOUNT_MAX_DIGITS = 13

# The payload's own amount may carry zero decimals ("25000.00"); rupiah has no minor unit in practice.
_AMOUNT_RE = re.compile(r"([0-9]+)(?:\.0*)?")


class QrisError(ValueError):
    """A QRIS code or image that cannot be used; the message tells the merchant what to do."""


# Messages are translated when raised (in the request's language), so these are functions, not constants.
def _recopy(message: str) -> str:
    advice = _("Salin ulang kode dari aplikasi bank atau unggah foto QR yang lebih jelas.")
    return f"{message} {advice}"


def _official(message: str) -> str:
    advice = _("Gunakan kode QRIS resmi dari bank atau penyedia pembayaran Anda.")
    return f"{message} {advice}"


@dataclass(frozen=True)
class Qris:
    """A checked QRIS payload and the fields the marketplace shows or stores."""

    payload: str
    static: bool
    merchant_name: str
    city: str
    postal_code: str
    nmid: str
    mcc: str
    criteria: str
    acquirer: str
    amount: int | None


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xorout) as 4 uppercase hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _is_digits(text: str) -> bool:
    # str.isdigit() alone accepts "²" and other Unicode digits that int() or a length field cannot mean.
    return text.isascii() and text.isdigit()


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _tlv(text: str) -> list[tuple[str, str]]:
    """Split a TLV run into (tag, value) pairs; QrisError when it is truncated or garbled."""
    elements = []
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4:
            raise QrisError(
                _recopy(
                    _(
                        "Kode QRIS terpotong: kodenya berhenti di tengah bagian terakhir (karakter"
                        " ke-%(position)d)."
                    )
                    % {"position": position + 1}
                )
            )
        tag, length = head[:2], head[2:]
        if not (_is_digits(tag) and _is_digits(length)):
            raise QrisError(
                _recopy(
                    _(
                        "Kode QRIS rusak: ada karakter yang tidak semestinya di karakter ke-%(position)d"
                        " (%(text)s)."
                    )
                    % {"position": position + 1, "text": repr(head)}
                )
            )
        end = position + 4 + int(length)
        if end > len(text):
            raise QrisError(
                _(
                    "Kode QRIS terpotong: bagian %(tag)s seharusnya %(length)d karakter, tetapi kodenya"
                    " sudah habis. Pastikan seluruh kode tersalin sampai karakter terakhir, atau unggah"
                    " foto QR-nya."
                )
                % {"tag": tag, "length": int(length)}
            )
        elements.append((tag, text[position + 4 : end]))
        position = end
    return elements


def _sub_fields(value: str) -> dict[str, str]:
    # Nested templates are read leniently: the CRC already vouches for the bytes, and an issuer's odd
    # sub-field layout should not stop a merchant from registering an otherwise valid code.
    try:
        return dict(_tlv(value))
    except QrisError:
        return {}


def _check_crc(elements: list[tuple[str, str]], text: str) -> None:
    tags = [tag for tag, _ in elements]
    if "63" not in tags:
        raise QrisError(
            _(
                "Kode QRIS tidak lengkap: angka pemeriksa (CRC) di akhir kode tidak ada. Pastikan"
                " seluruh kode tersalin sampai karakter terakhir, atau unggah foto QR-nya."
            )
        )
    if tags[-1] != "63":
        raise QrisError(
            _recopy(
                _(
                    "Kode QRIS rusak: ada teks tambahan setelah angka pemeriksa (CRC) yang seharusnya"
                    " berada di akhir kode."
                )
            )
        )
    written = elements[-1][1]
    if len(written) != 4 or not all(c in "0123456789ABCDEFabcdef" for c in written):
        raise QrisError(
            _recopy(
                _("Kode QRIS rusak: angka pemeriksa (CRC) %(crc)s tidak terbaca.") % {"crc": repr(written)}
            )
        )
    expected = crc16_ccitt_false(text[:-4])
    # Lowercase hex is off-spec but carries the same checksum; only a different value means damage.
    if written.upper() != expected:
        raise QrisError(
            _recopy(
                _(
                    "Kode QRIS rusak: angka pemeriksa (CRC) tidak cocok — tertulis %(stored)s,"
                    " seharusnya %(computed)s."
                )
                % {"stored": written, "computed": expected}
            )
        )


def _amount(value: str) -> int:
    match = _AMOUNT_RE.fullmatch(value)
    if not match or int(match[1]) <= 0:
        raise QrisError(
            _official(_("Nominal dalam kode QRIS tidak valid (%(amount)s).") % {"amount": repr(value)})
        )
    return int(match[1])


def qris_parse(text: str) -> Qris:
    """Check a static or dynamic QRIS payload (structure, CRC, format, currency, merchant) and read it."""
    # Apps wrap long codes when copying; merchant names contain spaces, so only line breaks are removed.
    payload = text.strip().replace("\r", "").replace("\n", "")
    if not payload:
        raise QrisError(
            _(
                "Kode QRIS kosong. Tempel teks kode QRIS dari aplikasi bank atau dompet digital Anda,"
                " atau unggah foto kode QR-nya."
            )
        )
    if not payload.startswith("0002"):
        raise QrisError(
            _(
                "Teks ini bukan kode QRIS (kode QRIS selalu diawali 000201). Pastikan yang Anda salin"
                " adalah isi kode QR pembayaran toko, bukan tautan atau teks lain."
            )
        )
    elements = _tlv(payload)
    fields: dict[str, str] = {}
    for tag, value in elements:
        if tag in fields:
            raise QrisError(
                _recopy(_("Kode QRIS rusak: bagian %(tag)s tercantum lebih dari sekali.") % {"tag": tag})
            )
        fields[tag] = value
    _check_crc(elements, payload)

    if fields["00"] != "01":
        raise QrisError(
            _official(
                _("Versi kode QRIS tidak dikenali (penanda format %(found)s, seharusnya '01').")
                % {"found": repr(fields["00"])}
            )
        )
    initiation = fields.get("01", "")
    if initiation not in (STATIC, DYNAMIC):
        raise QrisError(
            _official(
                _(
                    "Jenis kode QRIS tidak dikenali (bagian 01 berisi %(found)s, seharusnya '11' untuk"
                    " kode statis atau '12' untuk kode dinamis)."
                )
                % {"found": repr(initiation)}
            )
        )
    currency = fields.get("53")
    if currency != IDR:
        if currency:
            message = _(
                "Kode QR ini bukan untuk pembayaran dalam Rupiah (kode mata uang %(currency)s,"
                " seharusnya 360). Gunakan kode QRIS dari bank atau dompet digital Indonesia."
            ) % {"currency": currency}
        else:
            message = _(
                "Kode QR ini bukan untuk pembayaran dalam Rupiah (kode mata uang tidak dicantumkan,"
                " seharusnya 360). Gunakan kode QRIS dari bank atau dompet digital Indonesia."
            )
        raise QrisError(message)
    merchant_name = fields.get("59", "").strip()
    if not merchant_name:
        raise QrisError(
            _(
                "Kode QRIS tidak mencantumkan nama toko. Minta kode QRIS yang lengkap ke bank atau"
                " penyedia QRIS Anda."
            )
        )
    accounts = {tag: _sub_fields(value) for tag, value in elements if 26 <= int(tag) <= 51}
    if not accounts:
        raise QrisError(
            _official(
                _(
                    "Kode QRIS tidak mencantumkan akun penerima pembayaran, jadi uang tidak tahu harus"
                    " masuk ke mana."
                )
            )
        )

    national = accounts.get("51", {})
    if national.get("00") != QRIS_NATIONAL_ID:
        national = {}
    domestic = next((sub for tag, sub in accounts.items() if int(tag) <= 45), None)
    acquirer_template = domestic if domestic is not None else accounts.get("51", {})
    criteria = national.get("03") or acquirer_template.get("03", "")
    return Qris(
        payload=payload,
        static=initiation == STATIC,
        merchant_name=merchant_name,
        city=fields.get("60", "").strip(),
        postal_code=fields.get("61", "").strip(),
        nmid=national.get("02", ""),
        mcc=fields.get("52", ""),
        criteria=criteria if criteria in CRITERIA else "",
        acquirer=acquirer_template.get("00", ""),
        amount=_amount(fields["54"]) if "54" in fields else None,
    )


def qris_static_parse(text: str) -> Qris:
    """Like qris_parse, but only accepts a static code: the one a merchant registers for its shop."""
    qris = qris_parse(text)
    if not qris.static:
        if qris.amount:
            message = _(
                "Ini kode QRIS dinamis untuk satu kali pembayaran sebesar %(amount)s. Yang perlu"
                " didaftarkan adalah kode QRIS statis toko Anda — kode tetap tanpa nominal, biasanya yang"
                " dicetak dan dipajang di toko."
            ) % {"amount": _rupiah(qris.amount)}
        else:
            message = _(
                "Ini kode QRIS dinamis untuk satu kali pembayaran. Yang perlu didaftarkan adalah kode"
                " QRIS statis toko Anda — kode tetap tanpa nominal, biasanya yang dicetak dan dipajang di"
                " toko."
            )
        raise QrisError(message)
    return qris


def qris_dynamic(static_payload: str, amount: int) -> str:
    """The dynamic payload for one order: 01 set to 12, tag 54 with the amount before 58, CRC recomputed."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int (whole rupiah), got {type(amount).__name__}")
    if amount <= 0:
        raise QrisError(
            _("Nominal pembayaran harus lebih dari Rp0 (diberikan %(amount)d).") % {"amount": amount}
        )
    digits = str(amount)
    if len(digits) > AMOUNT_MAX_DIGITS:
        raise QrisError(
            _("Nominal pembayaran %(amount)s terlalu besar untuk QRIS (paling banyak %(digits)d digit).")
            % {"amount": _rupiah(amount), "digits": AMOUNT_MAX_DIGITS}
        )
    qris = qris_static_parse(static_payload)
    elements = [
        (tag, DYNAMIC if tag == "01" else value)
        for tag, value in _tlv(qris.payload)
        if tag not in ("54", "63")
    ]
    tags = [tag for tag, _ in elements]
    # 58 (country) is mandatory in QRIS; the fallback keeps ascending tag order for an off-spec payload.
    at = tags.index("58") if "58" in tags else next((i for i, t in enumerate(tags) if t > "54"), len(tags))
    elements.insert(at, ("54", digits))
    body = "".join(f"{tag}{len(value):02d}{value}" for tag, value in elements) + "6304"
    return body + crc16_ccitt_false(body)


def qris_from_image(data: bytes) -> Qris:
    """Read the static QRIS from an uploaded JPEG, PNG or WebP image."""
    unreadable = QrisError(
        _(
            "Berkas ini tidak dapat dibuka sebagai gambar. Unggah foto atau tangkapan layar kode QRIS"
            " dalam format JPG, PNG, atau WebP."
        )
    )
    try:
        # JPEG only: decode big phone photos at a reduced scale (never below 3000 px), which saves memory.
        with image_open(data, draft=("L", (3000, 3000))) as image:
            # Grayscale is what the decoder binarizes anyway, and it copes with CMYK, 16-bit or palette input.
            gray = image.convert("L")
    except ValidationError as error:
        if error.code in ("unreadable", "format"):
            raise unreadable from error
        raise QrisError(error.messages[0]) from error
    barcodes = [b for b in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode) if b.text]
    if not barcodes:
        raise QrisError(
            _(
                "Tidak ada kode QR yang terbaca pada gambar ini. Unggah foto yang lebih jelas: kode QR"
                " terlihat utuh, tidak buram, tidak terpotong, dan tidak silau."
            )
        )
    # A photo may catch another QR code (a menu, a sticker); take the first one that is a valid QRIS.
    errors = []
    for barcode in barcodes:
        try:
            return qris_static_parse(barcode.text)
        except QrisError as error:
            errors.append(error)
    raise errors[0]
