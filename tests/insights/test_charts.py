"""SVG chart helpers: labelled images, escaped labels, and a table with the same numbers."""

import re

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from lapak.insights.charts import Chart, bar_chart, column_chart, compact_value


def test_bar_chart_is_a_labelled_image_with_the_numbers_as_rows():
    chart = bar_chart([("Subang", 1_250_000), ("Pamanukan", 300_000)], title="Belanja per kecamatan")
    assert isinstance(chart, Chart) and isinstance(chart.svg, SafeString)
    assert chart.title == "Belanja per kecamatan"
    assert chart.headers == ["Keterangan", "Rupiah"]
    assert chart.rows == [("Subang", "Rp1.250.000"), ("Pamanukan", "Rp300.000")]
    svg = str(chart.svg)
    ident = re.search(r'aria-labelledby="(chart-\w+)-t \1-d"', svg).group(1)
    assert 'role="img"' in svg and f'<title id="{ident}-t">Belanja per kecamatan</title>' in svg
    assert f'<desc id="{ident}-d">2 baris; tertinggi Subang dengan Rp1.250.000.</desc>' in svg
    assert 'viewBox="0 0 320 ' in svg  # about one unit per pixel in a card on a 360 px phone
    assert svg.count('fill="#0b6e4f"') == 2  # one bar each
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="11" rx="2" fill="#0b6e4f"', svg)]
    assert widths[0] == 304 and round(widths[1], 1) == round(304 * 300_000 / 1_250_000, 1)


def test_counts_are_not_money_and_negative_bars_are_empty():
    chart = bar_chart(
        [("Terdaftar", 12_500), ("Koreksi", -3)], title="Usaha", money=False, label_header="Tahap"
    )
    assert chart.headers == ["Tahap", "Jumlah"]
    assert chart.rows == [("Terdaftar", "12.500"), ("Koreksi", "-3")]
    assert 'width="0.0" height="11"' in str(chart.svg)


def test_every_label_is_escaped():
    evil = '<script>alert("x")</script> & "Warung"'
    for chart in (
        bar_chart([(evil, 5)], title=evil),
        column_chart({evil: [(evil, 5)]}, title=evil),
    ):
        svg = str(chart.svg)
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg
        html = render_to_string("insights/partials/chart.html", {"chart": chart})
        assert "<script>" not in html


def test_column_chart_stacks_series_per_month_with_a_legend_and_totals():
    chart = column_chart(
        {
            "ASN": [("Okt 2026", 100_000), ("Nov 2026", 200_000)],
            "Perangkat daerah": [("Nov 2026", 500_000)],
            "Masyarakat": [],
        },
        title="Belanja per bulan",
    )
    assert chart.headers == ["Bulan", "ASN", "Perangkat daerah", "Masyarakat", "Total"]
    assert chart.rows == [
        ("Okt 2026", "Rp100.000", "Rp0", "Rp0", "Rp100.000"),
        ("Nov 2026", "Rp200.000", "Rp500.000", "Rp0", "Rp700.000"),
    ]
    svg = str(chart.svg)
    assert ">ASN</text>" in svg and ">Perangkat daerah</text>" in svg and ">Masyarakat</text>" in svg
    assert svg.count("<rect") == 3 + 3  # a legend swatch per series, a block per non-zero value
    assert ">Okt 2026</text>" in svg and ">Nov 2026</text>" in svg
    assert "tertinggi Nov 2026 dengan Rp700.000" in svg
    single = column_chart({"Belanja": [("Nov 2026", 5)]}, title="Satu", money=False)
    assert single.headers == ["Bulan", "Belanja"] and single.rows == [("Nov 2026", "5")]


def test_empty_charts_say_so():
    for chart in (bar_chart([], title="Kosong"), column_chart({"ASN": []}, title="Kosong")):
        assert chart.rows == [] and "Belum ada data" in str(chart.svg) and 'role="img"' in str(chart.svg)


def test_compact_axis_values():
    assert compact_value(1_250_000) == "Rp1,2 jt"
    assert compact_value(350_000) == "Rp350 rb"
    assert compact_value(2_000_000_000) == "Rp2 M"
    assert compact_value(999, money=False) == "999"


def test_the_partial_renders_a_figure_with_a_lihat_angka_table():
    chart = bar_chart([("Subang", 1_250_000)], title="Belanja per kecamatan", label_header="Kecamatan")
    html = render_to_string("insights/partials/chart.html", {"chart": chart})
    assert html.lstrip().startswith("<figure")
    assert str(chart.svg) in html
    assert "<details>" in html and "<summary>Lihat angka</summary>" in html
    assert "<caption>Belanja per kecamatan</caption>" in html
    assert '<th scope="col">Kecamatan</th><th scope="col" class="num">Rupiah</th>' in html
    assert '<th scope="row">Subang</th><td class="num">Rp1.250.000</td>' in html
    empty = render_to_string("insights/partials/chart.html", {"chart": bar_chart([], title="Kosong")})
    assert "Belum ada data." in empty
