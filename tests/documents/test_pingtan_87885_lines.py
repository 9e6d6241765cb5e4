"""txt/87885.lines.txt: 2023 report (2021 format) one cell per line; table headings inside the text."""

from conftest import processed, value_of

from ._six_sections import SIX_SECTIONS


def test_headings_between_tables_stay_sections():
    r = processed("txt/87885.lines.txt")
    top = [(s.heading, s.category) for s in r.sections if s.level == 1]
    assert top == SIX_SECTIONS


def test_2021_tables():
    r = processed("txt/87885.lines.txt")
    assert value_of(r, "active_disclosure.normative_documents", "in_force") == 470
    assert value_of(r, "active_disclosure.admin_fees", "amount") == 5949.088667
    assert value_of(r, "requests.new_received", "commercial_enterprise") == 1
    assert value_of(r, "requests.new_received", "total") == 81
    assert value_of(r, "requests.results.other.no_supplement", "total") == 1
    assert value_of(r, "requests.results.total", "natural_person") == 80
    assert value_of(r, "review_litigation.review", "total") == 2
    assert value_of(r, "review_litigation.litigation_direct", "upheld") == 4
    assert value_of(r, "review_litigation.litigation_direct", "total") == 5
    assert value_of(r, "review_litigation.litigation_after_review", "total") == 2
