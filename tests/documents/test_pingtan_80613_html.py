"""html/80613.html: 2021 report page; a Word-exported table where 自然人 and 商业企业 both span two
grid columns (the value cells under 商业企业 have colspan=2), and a traditional-character twin."""

from conftest import processed, read_document, value_of


def test_colspan_value_cells_placed_by_header_position():
    r = processed("html/80613.html")
    assert r.status.value == "ok"
    assert value_of(r, "requests.new_received", "natural_person") == 64
    assert value_of(r, "requests.new_received", "commercial_enterprise") == 0
    assert value_of(r, "requests.new_received", "social_welfare_org") == 2
    assert value_of(r, "requests.new_received", "other_org") == 4
    assert value_of(r, "requests.new_received", "total") == 70
    assert value_of(r, "requests.results.total", "total") == 69
    assert value_of(r, "requests.carried_forward", "natural_person") == 1


def test_page_chrome_left_out_and_meta_kept():
    doc = read_document("html/80613.html")
    assert doc.page_date.startswith("时间：2022-02-08")
    assert doc.paragraphs[0].raw.startswith("根据《中华人民共和国政府信息公开条例》")
    # grid widths: a merged cell is one cell spanning its columns
    assert [max(c.x1 for row in t.rows for c in row.cells) for t in doc.tables] == [4, 11, 15]


def test_same_values_as_text_renderings():
    html, pipes = processed("html/80613.html"), processed("txt/80613.pipes.txt")
    assert sorted((s.indicator_id, s.column, s.value) for s in html.statistics) == sorted(
        (s.indicator_id, s.column, s.value) for s in pipes.statistics
    )
