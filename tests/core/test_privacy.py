import logging

from lapak.core.privacy import MaskPersonalDataFilter, mask_email, mask_nik, mask_nip, mask_phone, mask_text


def test_masks_keep_only_what_identifies_the_region_or_helps_recognition():
    assert mask_nik("3213011701900001") == "3213••••••••0001"
    assert mask_nip("198503102010011002") == "1985••••••••••1002"
    assert mask_phone("+6281234567890") == "+62812••••7890"
    assert mask_email("euis@example.com") == "e•••@example.com"
    assert mask_nik(None) == mask_phone("") == ""


def test_free_text_is_masked():
    text = mask_text("NIK 3213011701900001, NIP 198503102010011002, HP 0812-3456-7890 dan +6281234567890")
    assert "3213011701900001" not in text and "198503102010011002" not in text
    assert "3456-7890" not in text and "81234567890" not in text
    assert "3213••••••••0001" in text


def test_log_records_are_masked_whatever_logger_writes_them(caplog):
    logger = logging.getLogger("lapak.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="lapak.test"):
        logger.info("login gagal untuk %s", "198503102010011002")
    assert "198503102010011002" not in caplog.text
    assert "1985••••••••1002" in caplog.text
