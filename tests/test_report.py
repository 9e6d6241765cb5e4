"""Files that are not reports get `skipped` with the reason; short real reports stay reports."""

from pipeline.report import process


def _process(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return process(path, tmp_path)


def test_a_list_of_report_links_is_skipped(tmp_path):
    links = "\n".join(
        f"青山市{name}2019年政府信息公开工作年度报告" for name in ("水利局", "民政局", "卫生局", "教育局")
    )
    r = _process(tmp_path, "政府信息公开年报\n" + links + "\n")
    assert r.status.value == "skipped" and "list of 4 report titles" in r.error


def test_a_readme_is_skipped(tmp_path):
    r = _process(tmp_path, "Sources of this corpus\n\nDownloaded in 2023 from the agencies' web sites.\n")
    assert r.status.value == "skipped" and r.error.startswith("not a report")
    assert not r.sections


def test_a_short_report_without_tables_is_a_report(tmp_path):
    r = _process(
        tmp_path,
        "青山市水利局2016年政府信息公开工作年度报告\n一、概述\n2016年,我局认真贯彻《条例》。\n",
    )
    assert r.status.value == "ok" and r.metadata.organization == "青山市水利局"
