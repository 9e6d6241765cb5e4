"""pdf/szfgs2024.pdf: 淮安市人民政府 2024, CID fonts; full 25-row requests table with row labels
wrapped over lines and the vertical `三、本年度办理结果` split one character per line."""

from conftest import processed, read_document

from ._six_sections import check_six_sections, values

PDF = "pdf/szfgs2024.pdf"


def test_metadata_and_sections():
    r = processed(PDF)
    assert r.status.value == "ok"
    assert (r.metadata.organization, r.metadata.report_year, r.metadata.template) == (
        "淮安市人民政府",
        2024,
        "2019",
    )
    check_six_sections(PDF)


def test_vertical_and_wrapped_labels_joined():
    r = processed(PDF)
    labels = {s.indicator_id: s.label_raw for s in r.statistics if s.table == "requests"}
    assert (
        labels["requests.results.partially_granted"]
        == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert labels["requests.results.other.no_supplement"] == (
        "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    # the vertical `三、本年度办理结果` is read one character per line beside the rows it heads
    lines = read_document(PDF).blocks
    start = next(i for i, b in enumerate(lines) if b.raw == "三、")
    x0 = lines[start].cells[0].x0
    column = [b.cells[0].raw for b in lines[start : start + 30] if abs(b.cells[0].x0 - x0) < 2]
    assert "".join(column).startswith("三、本年度办理结果")


def test_values():
    v = values(PDF)
    assert v[("active_disclosure.regulations", "in_force")] == 11
    assert v[("active_disclosure.normative_documents", "repealed")] == 26
    assert v[("active_disclosure.licensing", "decisions")] == 447228
    assert v[("active_disclosure.penalty", "decisions")] == 3985758
    assert v[("active_disclosure.admin_fees", "amount")] == 96171.6
    assert v[("requests.new_received", "natural_person")] == 3001
    assert v[("requests.new_received", "total")] == 3119
    assert v[("requests.carried_over", "total")] == 34
    assert v[("requests.results.granted", "total")] == 1362
    assert v[("requests.results.partially_granted", "total")] == 454
    assert v[("requests.results.unable.not_held", "total")] == 769
    assert v[("requests.results.total", "total")] == 3050
    assert v[("requests.carried_forward", "total")] == 103
    assert [
        v[("review_litigation.review", c)] for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [72, 64, 178, 37, 351]
    assert v[("review_litigation.litigation_direct", "total")] == 26
    assert v[("review_litigation.litigation_after_review", "total")] == 20
