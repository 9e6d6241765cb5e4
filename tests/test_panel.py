"""panel.csv: harmonised headline numbers per agency and year, from real reports of both templates."""

import pytest
from conftest import processed

from pipeline import catalogue
from pipeline.model import ReportResult, StatRow, Status
from pipeline.panel import (
    PANEL_FIELDS,
    PanelRecord,
    carried_over_findings,
    headline_values,
    headlines,
    panel_record,
    panel_rows,
)
from pipeline.vocabulary import data_rows
from pipeline.writer import Field

NAMES = [f.name for f in PANEL_FIELDS]


def _row_dict(row: list[object]) -> dict[str, object]:
    return dict(zip(NAMES, row, strict=True))


def _cell(indicator_id: str, column: str, value: float | None) -> StatRow:
    return StatRow("requests", 1, indicator_id, "", column, "件", value, "" if value is None else str(value))


# --- the mapping is data that refers to the catalogue --------------------------------------------


def test_mapping_refers_to_catalogue_cells():
    tables = {"pre2019": {"pre2019_stats"}, "2019": {"active_disclosure", "requests", "review_litigation"}}
    columns = {(c.table, c.column): c for c in catalogue.columns()}
    labels: dict[str, tuple[str, str]] = {}
    templates: dict[str, set[str]] = {}
    for row in data_rows("panel.csv"):
        name = row["panel_column"]
        assert labels.setdefault(name, (row["label_en"], row["label_zh"])) == (
            row["label_en"],
            row["label_zh"],
        )
        templates.setdefault(name, set()).add(row["template"])
        assert int(row["alternative"]) >= 1
        if not row["indicator_id"]:
            assert row["note"], f"{name}/{row['template']}: a headline without cells says why"
            continue
        indicator = catalogue.by_id()[row["indicator_id"]]
        assert indicator.table in tables[row["template"]]
        assert indicator.kind != "group", f"{indicator.indicator_id} holds no number"
        column = columns[(indicator.table, row["column"])]
        short = indicator.indicator_id.split(".", 1)[1]
        assert not column.applies_to or short in column.applies_to, f"{short}:{column.column}"
    assert all(t == {"pre2019", "2019"} for t in templates.values()), "each headline is documented for both"
    assert 15 <= len(labels) <= 25


def test_fields_fit_rows_and_the_writer():
    assert len(NAMES) == len(set(NAMES))
    fields = [Field(*f) for f in PANEL_FIELDS]  # what the writer puts in datapackage.json
    assert fields[:3] == [
        Field("organization", "string", fields[0].description),
        Field("agency", "string", fields[1].description),
        Field("report_year", "integer", fields[2].description),
    ]
    assert {f.type for f in fields} == {"string", "integer", "number"}
    record = PanelRecord("r1", "a.txt", "某局", 2020, "2019", values={h.name: 1.0 for h in headlines()})
    (row,) = panel_rows([record])
    assert len(row) == len(PANEL_FIELDS)
    assert _row_dict(row)["share_granted"] == 1.0


# --- real reports --------------------------------------------------------------------------------


def test_2019_report_headlines():
    # gold/pingtan-87885-docx.json: 81 new, 22 granted, 20 partly, 5 denied (1+1+1+2), 31 unable,
    # 1 not processed, 2 other (the 2021 three rows), 81 answered; 行政复议 2, 行政诉讼 5 + 2.
    record = panel_record(processed("docx/87885.docx"))
    assert (record.organization, record.report_year, record.template) == ("平潭综合实验区", 2023, "2019")
    v = record.values
    assert (v["requests_received"], v["requests_carried_over"], v["requests_carried_forward"]) == (81, 0, 0)
    assert (v["granted"], v["partly_granted"], v["denied"], v["unable_to_provide"]) == (22, 20, 5, 31)
    assert (v["not_processed"], v["other_outcomes"], v["requests_completed"]) == (1, 2, 81)
    assert (v["reconsiderations"], v["reconsiderations_corrected"]) == (2, 1)
    assert (v["lawsuits"], v["lawsuits_upheld"], v["lawsuits_corrected"]) == (7, 5, 0)
    outcomes = ["granted", "partly_granted", "denied", "unable_to_provide", "not_processed", "other_outcomes"]
    assert sum(v[name] for name in outcomes) == v["requests_completed"]
    assert v["proactive_items"] is None and v["fees_collected"] is None  # no 2019+ equivalent
    assert _row_dict(panel_rows([record])[0])["share_granted"] == pytest.approx(22 / 81)


def test_2021_format_city_report():
    # gold/szfgs2024.json: 3119 new + 34 carried = 3050 answered + 103 forward; 行政诉讼 46 = 26 + 20.
    v = panel_record(processed("pdf/szfgs2024.pdf")).values
    assert (v["requests_received"], v["requests_carried_over"]) == (3119, 34)
    assert (v["requests_completed"], v["requests_carried_forward"]) == (3050, 103)
    assert (v["granted"], v["partly_granted"]) == (1362, 454)
    assert v["denied"] == 2 + 31 + 5 + 6 + 8 + 12 + 9 + 105
    assert v["other_outcomes"] == 71 + 6 + 110  # （六） as three rows
    assert (v["reconsiderations"], v["reconsiderations_upheld"], v["reconsiderations_corrected"]) == (
        351,
        72,
        64,
    )
    assert (v["lawsuits"], v["lawsuits_upheld"], v["lawsuits_corrected"]) == (46, 25, 5)
    assert v["normative_docs_issued"] == 8  # 行政规范性文件 本年制发件数


def test_2019_trial_format_single_other_row():
    # gold/hzq2023_working.json: the 2019 one-row （六）其他处理 (0); 21 new and answered.
    v = panel_record(processed("pdf/hzq2023_working.pdf")).values
    assert (v["requests_received"], v["requests_completed"], v["other_outcomes"]) == (21, 21, 0)
    assert (v["granted"], v["partly_granted"], v["unable_to_provide"]) == (0, 4, 13)


def test_pre2019_seed_report_keeps_blanks(seed):
    record = panel_record(seed)
    assert (record.organization, record.report_year, record.template) == ("微山县科技局", 2016, "pre2019")
    v = record.values
    assert (v["proactive_items"], v["normative_docs_issued"], v["normative_docs_published"]) == (20, 1, 6)
    # The report leaves the request rows, appeals and fees empty: blank, not 0.
    for name in ["requests_received", "granted", "requests_completed", "reconsiderations", "fees_collected"]:
        assert v[name] is None, name
    assert v["requests_carried_over"] is None  # no such row before 2019
    assert _row_dict(panel_rows([record])[0])["share_granted"] is None


def test_pre2019_provincial_table():
    # gold/pingtan-80754-docx.json: 受理 7, 答复 3 = 同意 2 + 部分 1 + 否决 0; 主动公开 1853 (2013 column).
    record = panel_record(processed("docx/80754.docx"))
    v = record.values
    assert (v["requests_received"], v["requests_completed"]) == (7, 3)
    assert (v["granted"], v["partly_granted"], v["denied"]) == (2, 1, 0)
    assert (v["proactive_items"], v["reconsiderations"], v["lawsuits"]) == (1853, 0, 0)
    assert v["unable_to_provide"] is None  # the provincial table has no such rows
    assert _row_dict(panel_rows([record])[0])["share_granted"] == pytest.approx(2 / 3)


def test_renderings_of_one_report_make_one_row():
    paths = ["pdf/87885.pdf", "html/87885.html", "docx/87885.docx"]
    records = [panel_record(processed(p)) for p in paths]
    records.append(panel_record(processed("pdf/szfgs2024.pdf")))
    rows = [_row_dict(r) for r in panel_rows(records)]
    assert [(r["organization"], r["report_year"]) for r in rows] == [
        ("平潭综合实验区", 2023),
        ("淮安市人民政府", 2024),
    ]
    assert rows[0]["n_reports"] == 3 and rows[1]["n_reports"] == 1
    assert rows[0]["source_path"] == "docx/87885.docx"  # as many values as the others: first path
    assert (rows[0]["requests_received"], rows[0]["granted"]) == (81, 22)


def test_one_agency_under_the_names_of_its_yearly_reports():
    # 洪泽区 names itself 洪泽区人民政府 in 2023 and 淮安市洪泽区人民政府 in 2024: one series
    records = [panel_record(processed(p)) for p in ("pdf/hzq2023_working.pdf", "pdf/hzq2024_working.pdf")]
    records.append(panel_record(processed("pdf/szfgs2024.pdf")))  # 淮安市人民政府: the city, not the county
    rows = [_row_dict(r) for r in panel_rows(records)]
    assert [(r["agency"], r["report_year"], r["organization"]) for r in rows] == [
        ("江苏省/淮安市/人民政府", 2024, "淮安市人民政府"),
        ("江苏省/淮安市/洪泽区/人民政府", 2023, "洪泽区人民政府"),
        ("江苏省/淮安市/洪泽区/人民政府", 2024, "淮安市洪泽区人民政府"),
    ]


def test_an_agency_without_known_divisions_is_its_name():
    record = PanelRecord("r", "a.txt", "某某委员会", 2020, "2019")
    assert record.agency == "某某委员会"
    named = PanelRecord(
        "r", "a.txt", "淮安市洪泽区财政局", 2020, "2019", province="江苏省", city="淮安市", county="洪泽区"
    )
    assert named.agency == "江苏省/淮安市/洪泽区/财政局"


# --- rules, on constructed rows ------------------------------------------------------------------


def test_blank_parts_are_not_zero():
    denied = [f"requests.results.denied.{r}" for r in ("state_secret", "third_party", "admin_query")]
    rows = [_cell(denied[0], "total", 1), _cell(denied[1], "total", None), _cell(denied[2], "total", 2)]
    rows += [_cell("requests.results.granted", "total", 0)]
    rows += [_cell("requests.results.unable.not_held", "total", None)]
    v = headline_values(rows, "2019")
    assert v["denied"] == 3  # the filled-in parts
    assert v["granted"] == 0  # a printed 0 stays 0
    assert v["unable_to_provide"] is None  # every part blank
    assert v["partly_granted"] is None  # no row at all
    assert headline_values(rows, "unknown") == dict.fromkeys(v)


def test_other_outcomes_one_row_or_three():
    children = [
        _cell(f"requests.results.other.{r}", "total", 1) for r in ("no_supplement", "fee_unpaid", "other")
    ]
    assert (
        headline_values([_cell("requests.results.other", "total", 5), *children], "2019")["other_outcomes"]
        == 5
    )
    assert (
        headline_values([_cell("requests.results.other", "total", None), *children], "2019")["other_outcomes"]
        == 3
    )


def test_pre2019_cells_come_from_the_value_column():
    rows = [
        StatRow("pre2019_stats", 1, "pre2019.requests.received", "", "value", "件", 7, "7"),
        StatRow("pre2019_stats", 1, "pre2019.requests.received", "", "cumulative", "件", 28, "28"),
    ]
    assert headline_values(rows, "pre2019")["requests_received"] == 7


def _record(org: str, year: int | None, path: str, **values: float | None) -> PanelRecord:
    return PanelRecord(
        f"id-{path}", path, org, year, "2019", values={h.name: values.get(h.name) for h in headlines()}
    )


def test_one_row_per_agency_and_year():
    records = [
        _record("乙局", 2020, "b.txt", granted=1),
        _record("甲局", 2021, "z.pdf", granted=1, requests_completed=4),  # more values: chosen
        _record("甲局", 2021, "a.docx", granted=1),
        _record("", 2021, "c.txt", granted=1),  # no organization
        _record("甲局", None, "d.txt", granted=1),  # no year
    ]
    rows = [_row_dict(r) for r in panel_rows(records)]
    assert [(r["organization"], r["report_year"], r["n_reports"]) for r in rows] == [
        ("乙局", 2020, 1),
        ("甲局", 2021, 2),
    ]
    assert rows[1]["source_path"] == "z.pdf" and rows[1]["report_id"] == "id-z.pdf"
    assert rows[1]["share_granted"] == 0.25
    assert rows[0]["share_granted"] is None  # no denominator
    assert (
        _row_dict(panel_rows([_record("甲局", 2021, "a", granted=0, requests_completed=0)])[0])[
            "share_granted"
        ]
        is None
    )


def test_failed_and_skipped_files_are_not_reports():
    assert panel_record(ReportResult("x", "x.pdf", "pdf", Status.FAILED)) is None
    assert panel_record(ReportResult("y", "y.txt", "txt", Status.SKIPPED)) is None


def test_carried_over_must_match_last_years_carried_forward():
    records = [
        _record("甲局", 2020, "a2020", requests_carried_forward=3),
        _record("甲局", 2021, "a2021", requests_carried_over=2, requests_carried_forward=0),
        _record("甲局", 2022, "a2022", requests_carried_over=0),  # matches 2021's 0
        _record("甲局", 2024, "a2024", requests_carried_over=9),  # 2023 missing: a gap, no check
        _record("乙局", 2021, "b2021", requests_carried_over=5),  # 乙局 2020 is not 甲局 2020
    ]
    ((report_id, finding),) = carried_over_findings(records)
    assert report_id == "id-a2021"
    assert (finding.rule, finding.severity, finding.indicator_id) == (
        "carried_over_mismatch",
        "warning",
        "requests.carried_over",
    )
    assert (finding.expected, finding.actual) == ("3", "2")
    assert "2021" in finding.message and "2020" in finding.message


def test_carried_over_needs_both_numbers():
    records = [
        _record("甲局", 2020, "a2020", requests_carried_forward=None),
        _record("甲局", 2021, "a2021", requests_carried_over=2),
        _record("甲局", 2022, "a2022", requests_carried_over=None),
    ]
    assert carried_over_findings(records) == []


# --- the analyst's question, from the command line's outputs -------------------------------------


def test_requests_and_share_granted_per_agency_and_year_is_one_line_on_panel_csv(tmp_path):
    import shutil

    import pandas as pd
    from conftest import SEED, real_file

    import pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for rendering in ("docx/87885.docx", "html/87885.html", "pdf/87885.pdf"):
        shutil.copy(real_file(rendering), corpus / rendering.replace("/", "-"))
    shutil.copy(SEED, corpus / SEED.name)
    pipeline.run(corpus, tmp_path / "out", jobs=1)
    # the README's line
    panel = pd.read_csv(tmp_path / "out" / "panel.csv")[
        ["agency", "report_year", "requests_received", "share_granted"]
    ]
    rows = {(r.agency, r.report_year): r for r in panel.itertuples()}
    assert len(rows) == 2  # three renderings of one report are one row
    pingtan = next(r for (org, year), r in rows.items() if year == 2023)
    assert pingtan.requests_received == 81 and pingtan.share_granted == pytest.approx(22 / 81)
    seed = rows[("山东省/济宁市/微山县/科技局", 2016)]
    assert pd.isna(seed.requests_received)  # its table leaves the requests rows blank: not zero
