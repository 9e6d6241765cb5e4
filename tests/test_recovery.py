"""Table recovery on the forms a table reaches us in (invented examples of each real form): labels
wrapped over lines, set one character per line beside other labels, numbers glued to labels or set
above them, one cell per line, markdown pipes, paragraphs; and running text that is not a table."""

from pipeline.layout import lay_out
from pipeline.model import Cell, Document, Line, Paragraph, Table
from pipeline.normalize import normalize_document
from pipeline.readers import ReadSettings
from pipeline.readers.txt import TextReader
from pipeline.statistics import extract_statistics


def _read(text: str):
    doc = normalize_document(TextReader().read(text.encode(), ReadSettings()))
    layout = lay_out(doc)
    rows, findings = extract_statistics(layout.tables)
    return layout, {(r.indicator_id, r.column): r.value for r in rows}, findings


# pdftotext -layout of a ruled table: the group label `（三）不予公开` set vertically in its own
# column, row labels wrapped over two or three lines, the numbers on the middle line, and one
# number glued to the last character of its label (`稳0`).
LAYOUT = """\
  三、收到和处理政府信息公开申请情况
                              申请人情况
            自然人      商业企业  科研机构  社会公益组织  法律服务机构  其他   总计
  一、本年新收政府信息
                   12         1        0        0           0         0      13
  公开申请数量
  二、上年结转政府信息公开申请数量  0   0        0        0           0         0      0
        1.属于国家
                   2          0        0        0           0         0      2
        秘密
  （三   2.其他法律
        行政法规禁 0          0        0        0           0         0      0
  ）不  止公开
        3.危及“三
  予公  安全一稳0          1        0        0           0         0      1
        定”
  开
  四、政府信息公开行政复议、行政诉讼情况
"""


def test_vertical_group_label_wrapped_labels_and_glued_numbers():
    layout, cells, findings = _read(LAYOUT)
    assert findings == []
    assert cells[("requests.new_received", "natural_person")] == 12
    assert cells[("requests.new_received", "total")] == 13
    assert cells[("requests.results.denied.state_secret", "total")] == 2
    assert cells[("requests.results.denied.law_prohibited", "total")] == 0
    assert cells[("requests.results.denied.security_stability", "natural_person")] == 0
    assert cells[("requests.results.denied.security_stability", "commercial_enterprise")] == 1
    # the headings around the table stay text
    texts = [b.raw for b in layout.blocks if isinstance(b, Paragraph)]
    assert texts == ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def test_numbers_set_above_their_label_wait_for_it():
    # a PDF cell's middle: the numbers of a row sit a line above its label
    def line(top, cells):
        return Line(" ".join(c for c, _ in cells), [Cell(c, x0=x, x1=x + 20) for c, x in cells], 1, top=top)

    blocks = [
        line(
            0, [("信息内容", 10), ("本年新制作数量", 100), ("本年新公开数量", 200), ("对外公开总数量", 300)]
        ),
        line(20, [("0", 100)]),  # under `本年新制作数量`, above `规章`
        line(30, [("规章", 10), ("0", 200), ("0", 300)]),
        line(50, [("10", 100), ("9", 200)]),
        line(60, [("规范性文件", 10), ("8", 300)]),
    ]
    doc = normalize_document(Document(blocks, "pdf"))
    rows, findings = extract_statistics(lay_out(doc).tables)
    cells = {(r.indicator_id, r.column): r.value for r in rows}
    assert findings == []
    assert [
        cells[("active_disclosure.regulations", c)] for c in ("new_made", "new_published", "total_published")
    ] == [0, 0, 0]
    assert [
        cells[("active_disclosure.normative_documents", c)]
        for c in ("new_made", "new_published", "total_published")
    ] == [10, 9, 8]


def test_one_cell_per_pipe_line_and_markdown_tables():
    single = "第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n0 |\n0 |\n0 |\n行政规范性文件 |\n58 |\n45 |\n546 |\n"
    markdown = (
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| --- | --- | --- | --- |\n"
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 58 | 45 | 546 |\n"
    )
    for text in (single, markdown):
        _, cells, findings = _read(text)
        assert findings == []
        assert [
            cells[("active_disclosure.normative_documents", c)] for c in ("issued", "repealed", "in_force")
        ] == [
            58,
            45,
            546,
        ]


def test_a_table_written_as_paragraphs():
    blocks = [
        Paragraph("统计指标 单位 统计数"),
        Paragraph("(一)主动公开政府信息数 条 120"),
        Paragraph("1.政府公报公开政府信息数 条 5"),
        Paragraph("2.政府网站公开政府信息数 条 115"),
    ]
    rows, _ = extract_statistics(lay_out(normalize_document(Document(blocks, "html"))).tables)
    cells = {r.indicator_id: r.value for r in rows}
    assert cells == {
        "pre2019.proactive.items": 120,
        "pre2019.proactive.channels.gazette": 5,
        "pre2019.proactive.channels.website": 115,
    }


def test_running_text_that_names_rows_is_not_a_table():
    text = (
        "2013年全县共收到政府信息公开申请7条，\n信函申请数 4 条；对依申请公开的答复总数 3 条，\n"
        "其中同意公开答复数 2 条。\n"
    )
    layout, cells, _ = _read(text)
    assert cells == {} and not layout.tables
    assert len([b for b in layout.blocks if isinstance(b, Paragraph)]) >= 1


def test_grid_spans_and_blank_cells_of_a_web_page_table():
    rows = [
        [("信息内容", 0, 1), ("本年处理决定数量", 1, 4)],
        [("行政许可", 0, 1), ("2293", 1, 4)],  # one cell over three columns
    ]
    table = Table([Line("", [Cell(t, x0=a, x1=b) for t, a, b in row], ruled=True) for row in rows])
    found, findings = extract_statistics(lay_out(normalize_document(Document([table], "html"))).tables)
    assert findings == [] and [(r.indicator_id, r.column, r.value, r.flags) for r in found] == [
        ("active_disclosure.licensing", "decisions", 2293, ["by_grid"])
    ]


def test_a_row_number_column_is_not_a_value():
    text = (
        "序号 | 指标名称 | 单位 | 数量 |\n1 | 主动公开政府信息数 | 条 | 120 |\n"
        "2 | 其中：主动公开规范性文件数 | 条 | 8 |\n3 | 制发规范性文件总数 | 件 | 3 |\n"
    )
    _, cells, findings = _read(text)
    assert findings == []
    assert cells == {
        ("pre2019.proactive.items", "value"): 120,
        ("pre2019.proactive.items.normative_docs", "value"): 8,
        ("pre2019.proactive.normative_docs_issued", "value"): 3,
    }


def test_blank_cells_of_column_aligned_text_by_where_full_rows_put_the_columns():
    # pdftotext -layout of a ruled table with an empty cell: no rules, no blank marker; the full
    # rows show where each column stands
    text = (
        "                                  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计\n"
        "一、本年新收政府信息公开申请数量    12       1         0          0             0           0     13\n"
        "二、上年结转政府信息公开申请数量     3                 0          0             0           0      3\n"
    )
    _, cells, findings = _read(text)
    assert findings == []
    assert cells[("requests.carried_over", "natural_person")] == 3
    assert cells[("requests.carried_over", "commercial_enterprise")] is None
    assert cells[("requests.carried_over", "research_institution")] == 0
    assert cells[("requests.carried_over", "total")] == 3


# Lines of the requests table of 80613.pdf read by OCR from a scan of it: (page, (top, bottom,
# size, ruled), cells with their x-extents). The group numbers lost their closing brackets (`(四` /
# `无` / `法提` / `供`, `(五` / `不` / `予处` / `理`); the header is cut down to its first two lines.
OCR_LINES = [
    (3, (493, 509, 15, False), [("三、收到和处理政府信息公开申请情况", 91, 291)]),
    (3, (516, 536, 19, True), [("申请人情况", 254, 525)]),
    (4, (613, 642, 19, True), [("(四", 146, 179), ("2.没有现成", 179, 254)]),
    (4, (635, 652, 18, True), [("无", 146, 179)]),
    (
        4,
        (645, 674, 18, True),
        [
            ("法提", 146, 179),
            ("信息需要另", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (4, (665, 684, 20, True), [("行制作", 179, 254)]),
    (4, (675, 695, 20, True), [("供", 146, 179)]),
    (4, (693, 710, 18, True), [("3.补正后申", 179, 254)]),
    (
        4,
        (713, 732, 17, True),
        [
            ("请内容仍不", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (4, (734, 754, 19, True), [("明确", 179, 254)]),
    (
        4,
        (761, 780, 19, True),
        [
            ("(五", 146, 179),
            ("1.信访举报", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (4, (783, 801, 18, True), [("不", 146, 179), ("投诉类申请", 179, 254)]),
    (
        5,
        (34, 52, 18, True),
        [
            ("2.重复申请", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (60, 78, 18, True), [("3.要求提供", 179, 254)]),
    (
        5,
        (73, 89, 16, True),
        [
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (82, 99, 18, True), [("公开出版物", 179, 254)]),
    (5, (109, 126, 17, True), [("4.无正当理", 179, 254)]),
    (
        5,
        (126, 148, 18, True),
        [
            ("予处", 146, 179),
            ("由大量反复", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (149, 169, 19, True), [("理", 146, 179), ("申请", 179, 254)]),
    (5, (178, 195, 18, True), [("5.要求行政", 179, 254)]),
    (5, (199, 217, 17, True), [("机关确认或", 179, 254)]),
    (
        5,
        (212, 227, 16, True),
        [
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (220, 238, 18, True), [("重新出具已", 179, 254)]),
    (5, (240, 259, 19, True), [("获取信息", 179, 254)]),
    (5, (268, 286, 18, True), [("1.申请人无", 179, 254)]),
    (5, (289, 306, 17, True), [("正当理由逾", 179, 254)]),
    (5, (310, 328, 18, True), [("期不补正、", 179, 254)]),
    (
        5,
        (331, 349, 17, True),
        [
            ("行政机关不", 179, 254),
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (352, 370, 18, True), [("再处理其政", 179, 254)]),
    (5, (373, 391, 18, True), [("府信息公开", 179, 254)]),
    (5, (393, 420, 20, True), [("(六", 146, 179), ("申请", 179, 254)]),
    (5, (419, 441, 22, True), [("其", 146, 179), ("2.申请人逾", 179, 254)]),
    (5, (441, 461, 20, True), [("他处", 146, 179), ("期未按收费", 179, 254)]),
    (5, (463, 481, 17, True), [("理", 146, 179), ("通知要求缴", 179, 254)]),
    (5, (484, 502, 18, True), [("纳费用、行", 179, 254)]),
    (
        5,
        (497, 513, 15, True),
        [
            ("0", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("0", 488, 525),
        ],
    ),
    (5, (505, 523, 17, True), [("政机关不再", 179, 254)]),
    (5, (525, 544, 18, True), [("处理其政府", 179, 254)]),
    (5, (547, 565, 18, True), [("信息公开申", 179, 254)]),
    (5, (568, 587, 19, True), [("请", 179, 254)]),
    (
        5,
        (594, 614, 17, True),
        [
            ("3.其他", 179, 254),
            ("1", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("0", 362, 395),
            ("0", 395, 456),
            ("0", 456, 488),
            ("1", 488, 525),
        ],
    ),
    (
        5,
        (621, 642, 18, True),
        [
            ("(七)总计", 146, 254),
            ("63", 254, 298),
            ("0", 298, 330),
            ("0", 330, 362),
            ("2", 362, 395),
            ("0", 395, 456),
            ("4", 456, 488),
            ("69", 488, 525),
        ],
    ),
]


def test_group_numbers_that_lost_a_bracket_still_open_their_rows():
    lines = [
        Line(
            " ".join(text for text, _, _ in cells),
            [Cell(text, x0=x0, x1=x1) for text, x0, x1 in cells],
            page,
            cells[0][1],
            cells[-1][2],
            *geometry,
        )
        for page, geometry, cells in OCR_LINES
    ]
    layout = lay_out(normalize_document(Document(blocks=lines, source_format="pdf")))
    rows, findings = extract_statistics(layout.tables)
    assert findings == []
    cells = {(r.indicator_id, r.column): r.value for r in rows}
    assert cells[("requests.results.unable.needs_creation", "total")] == 0
    assert cells[("requests.results.not_processed.petition", "total")] == 0
    assert cells[("requests.results.other.fee_unpaid", "total")] == 0
    assert cells[("requests.results.other.other", "total")] == 1
    assert cells[("requests.results.total", "natural_person")] == 63
    assert cells[("requests.results.total", "total")] == 69
