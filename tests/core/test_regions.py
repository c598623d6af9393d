import csv

import pytest

from lapak.accounts.forms import ProfileForm
from lapak.core.models import Region
from lapak.core.regions import desa_list, kecamatan_list, regions_load


def test_subang_has_30_kecamatan_and_253_villages(regions):
    assert kecamatan_list().count() == 30
    villages = Region.objects.filter(level__in=["desa", "kelurahan"])
    assert villages.count() == 253
    assert villages.filter(level="kelurahan").count() == 8
    assert not villages.filter(postal_code="").exists()
    assert set(villages.values_list("postal_code", flat=True)) <= {str(c) for c in range(41211, 41289)}


def test_village_belongs_to_its_kecamatan(regions):
    cicadas = Region.objects.get(code="32.13.01.2004")
    assert (cicadas.name, cicadas.parent.name, cicadas.label) == ("Cicadas", "Sagalaherang", "Desa Cicadas")
    assert {d.parent_id for d in desa_list("32.13.01")} == {"32.13.01"}


def test_reloading_is_idempotent(regions):
    result = regions_load()
    assert (result.created, result.updated) == (0, 0)


def test_another_kabupaten_is_just_another_pair_of_csv_files(db, tmp_path, settings):
    (tmp_path / "contoh_wilayah.csv").write_text(
        "code,name,level,parent_code\n99.01,Kabupaten Contoh,kabupaten,99\n99.01.01,Alpha,kecamatan,99.01\n"
        "99.01.01.2001,Beta,desa,99.01.01\n",
        encoding="utf-8",
    )
    (tmp_path / "contoh_kodepos.csv").write_text("code,kodepos\n99.01.01.2001,12345\n", encoding="utf-8")
    settings.LAPAK_REGION = "99.01"
    assert regions_load(folder=tmp_path).created == 3
    assert [k.name for k in kecamatan_list()] == ["Alpha"]
    assert Region.objects.get(code="99.01.01.2001").postal_code == "12345"


def test_a_renamed_village_is_updated_in_place(regions, tmp_path, settings):
    source = settings.LAPAK_REGION_DATA
    rows = list(csv.DictReader((source / "subang_wilayah.csv").open(encoding="utf-8")))
    for row in rows:
        if row["code"] == "32.13.01.2004":
            row["name"] = "Cicadas Baru"
    with (tmp_path / "x_wilayah.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "x_kodepos.csv").write_bytes((source / "subang_kodepos.csv").read_bytes())
    assert regions_load(folder=tmp_path).updated == 1
    assert Region.objects.get(code="32.13.01.2004").name == "Cicadas Baru"


def test_desa_options_endpoint_lists_only_the_chosen_kecamatan(client, regions):
    response = client.get("/wilayah/desa/", {"kecamatan": "32.13.01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cicadas" in html and 'value="32.13.01.2004"' in html
    assert "Parung" not in html  # a kelurahan of Kecamatan Subang
    assert html.count("<option") == desa_list("32.13.01").count() + 1


@pytest.mark.parametrize(
    ("kecamatan", "desa", "valid"),
    [("32.13.01", "32.13.01.2004", True), ("32.13.03", "32.13.01.2004", False)],
)
def test_picker_checks_that_the_desa_is_in_the_kecamatan(regions, kecamatan, desa, valid):
    from tests.factories import make_user

    form = ProfileForm(
        {"name": "Ani", "email": "ani@example.com", "kecamatan": kecamatan, "desa": desa},
        instance=make_user("masyarakat"),
    )
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["desa"] == ["Desa Cicadas tidak berada di Kecamatan Subang; pilih ulang desanya."]


def test_picker_offers_only_the_villages_of_the_bound_kecamatan(regions):
    from tests.factories import make_user

    form = ProfileForm({"kecamatan": "32.13.01"}, instance=make_user("masyarakat"))
    offered = [value for value, _ in form.fields["desa"].widget.choices if value]
    assert offered and all(code.startswith("32.13.01.") for code in offered)
