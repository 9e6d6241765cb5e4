"""txt/80576.lines.txt: 2019 trial format, every table cell on its own line, header cells and row
labels wrapped over two lines (`本年新` / `制作数量`, `2.没有现成信` / `息需要另行制作`)."""

from conftest import processed, value_of


def test_tables_recovered_from_one_cell_per_line():
    r = processed("txt/80576.lines.txt")
    assert r.status.value == "ok"
    assert r.metadata.template == "2019"
    assert value_of(r, "active_disclosure.normative_documents", "new_made") == 89
    assert value_of(r, "active_disclosure.licensing", "decisions") == 181
    assert value_of(r, "requests.new_received", "natural_person") == 23
    assert value_of(r, "requests.results.unable.needs_creation", "total") == 0
    assert value_of(r, "requests.results.not_processed.duplicate", "total") == 3
    assert value_of(r, "requests.results.other", "total") == 0  # 2019 trial: one row
    assert value_of(r, "review_litigation.review", "total") == 0


def test_amount_with_unit_in_cell():
    r = processed("txt/80576.lines.txt")
    row = next(
        s for s in r.statistics if s.indicator_id == "active_disclosure.procurement" and s.column == "amount"
    )
    assert (row.value, row.unit, row.value_raw) == (75394432.52, "元", "75394432.52元")


def test_same_rows_as_the_pipe_rendering():
    lines, pipes = processed("txt/80576.lines.txt"), processed("txt/80576.pipes.txt")
    assert [(s.indicator_id, s.column, s.value) for s in lines.statistics] == [
        (s.indicator_id, s.column, s.value) for s in pipes.statistics
    ]
