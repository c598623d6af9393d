from pathlib import Path

import polib

import lapak

LOCALE = Path(lapak.__file__).parent / "locale"


def test_indonesian_by_default_even_when_the_browser_asks_for_english(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html and "Belanja ke UMKM Subang" in html


def test_english_when_chosen(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    html = client.get("/masuk/").content.decode()
    assert '<html lang="en">' in html and "Log in to Lapak" in html
    wrong = client.post("/masuk/", {"identifier": "0812-0000-0000", "password": "x"}).content.decode()
    assert "Wrong NIP/mobile number/email or password." in wrong


def test_every_string_is_translated_and_the_compiled_catalogue_is_current():
    po = polib.pofile(LOCALE / "en/LC_MESSAGES/django.po")
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = polib.mofile(LOCALE / "en/LC_MESSAGES/django.mo")
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled}
    for entry in po.translated_entries():
        assert mo.get((entry.msgctxt, entry.msgid)) == (entry.msgstr or entry.msgstr_plural), entry.msgid
