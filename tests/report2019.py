"""One 2019+ format report, written as .txt (pipe rows), .html, .docx and .pdf from one source.

The three statistics tables follow the official 2021 layout, with their merged cells (the same
spans as the blank template `docx/政务公开年报模版.docx`), and numbers that satisfy every identity.
Used by tests/test_formats_2019.py to check that every format gives identical statistics rows.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Row = list[Cell]
Block = str | list[Row]  # a paragraph, or a table as rows of cells (covered positions omitted)

APPLICANTS = 7  # 自然人, five kinds of legal person, 总计
REQUEST_ROWS = [  # (group label, group rowspan, row label) in the 2021 layout
    (
        "（三）不予公开",
        8,
        [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ],
    ),
    (
        "（四）无法提供",
        3,
        ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    ),
    (
        "（五）不予处理",
        5,
        [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
    ),
    (
        "（六）其他处理",
        3,
        [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ],
    ),
]


def _values(numbers: list[int]) -> Row:
    """Six applicant columns and their total."""
    return [Cell(str(n)) for n in numbers] + [Cell(str(sum(numbers)))]


def _outcomes() -> list[list[int]]:
    """Outcome rows, six applicant columns each: a fixed, varied pattern."""
    count = 2 + sum(len(rows) for _, _, rows in REQUEST_ROWS)
    return [[(3 * r + 5 * c) % 7 if c < 2 else (r + c) % 3 for c in range(6)] for r in range(count)]


def requests_table() -> list[Row]:
    outcomes = _outcomes()
    done = [sum(col) for col in zip(*outcomes, strict=True)]
    carried_over = [2, 1, 0, 0, 1, 0]
    forward = [3, 0, 1, 0, 0, 1]
    new = [d + f - c for d, f, c in zip(done, forward, carried_over, strict=True)]
    rows: list[Row] = [
        [
            Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            Cell("申请人情况", 1, 7),
        ],
        [Cell("自然人", 2), Cell("法人或其他组织", 1, 5), Cell("总计", 2)],
        [Cell("商业企业"), Cell("科研机构"), Cell("社会公益组织"), Cell("法律服务机构"), Cell("其他")],
        [Cell("一、本年新收政府信息公开申请数量", 1, 3), *_values(new)],
        [Cell("二、上年结转政府信息公开申请数量", 1, 3), *_values(carried_over)],
        [Cell("三、本年度办理结果", 22), Cell("（一）予以公开", 1, 2), *_values(outcomes[0])],
        [Cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *_values(outcomes[1])],
    ]
    n = 2
    for group, span, labels in REQUEST_ROWS:
        for i, label in enumerate(labels):
            rows.append(([Cell(group, span)] if i == 0 else []) + [Cell(label), *_values(outcomes[n])])
            n += 1
    rows.append([Cell("（七）总计", 1, 2), *_values(done)])
    rows.append([Cell("四、结转下年度继续办理", 1, 3), *_values(forward)])
    return rows


def active_table() -> list[Row]:
    def item(label: str, value: str) -> Row:
        return [Cell(label), Cell(value, 1, 3)]

    def block(title: str, header: str) -> list[Row]:
        return [[Cell(title, 1, 4)], [Cell("信息内容"), Cell(header, 1, 3)]]

    return [
        [Cell("第二十条第（一）项", 1, 4)],
        [Cell("信息内容"), Cell("本年制发件数"), Cell("本年废止件数"), Cell("现行有效件数")],
        [Cell("规章"), Cell("1"), Cell("0"), Cell("11")],
        [Cell("行政规范性文件"), Cell("8"), Cell("26"), Cell("66")],
        *block("第二十条第（五）项", "本年处理决定数量"),
        item("行政许可", "2629"),
        *block("第二十条第（六）项", "本年处理决定数量"),
        item("行政处罚", "1330"),
        item("行政强制", "54"),
        *block("第二十条第（八）项", "本年收费金额（单位：万元）"),
        item("行政事业性收费", "5949.088667"),
    ]


def review_table() -> list[Row]:
    parts = [Cell("结果维持"), Cell("结果纠正"), Cell("其他结果"), Cell("尚未审结"), Cell("总计")]
    numbers = [[3, 1, 2, 0], [4, 0, 0, 1], [1, 0, 1, 0]]
    return [
        [Cell("行政复议", 1, 5), Cell("行政诉讼", 1, 10)],
        [*(Cell(c.text, 2) for c in parts), Cell("未经复议直接起诉", 1, 5), Cell("复议后起诉", 1, 5)],
        parts + parts,
        [Cell(str(n)) for block in numbers for n in [*block, sum(block)]],
    ]


def report() -> list[Block]:
    return [
        "测试市人民政府2023年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        "一、总体情况",
        "（一）主动公开情况。全年主动公开政府信息1200条。",
        f"（二）依申请公开情况。全年受理政府信息公开申请{sum(int(c.text) for c in requests_table()[3][1:7])}件，均按时答复。",
        "（三）政府信息管理情况。严格执行信息发布审查制度。",
        "（四）政府信息公开平台建设情况。优化门户网站栏目设置。",
        "（五）监督保障情况。开展季度检查并通报结果。",
        "二、主动公开政府信息情况",
        active_table(),
        "三、收到和处理政府信息公开申请情况",
        requests_table(),
        "四、政府信息公开行政复议、行政诉讼情况",
        review_table(),
        "五、存在的主要问题及改进情况",
        "存在的问题是公开深度不够。下一步将加强培训。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "测试市人民政府",
        "2024年1月20日",
    ]


def _grid(rows: list[Row]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Full grid (text at each span's top-left, '' elsewhere) and the spans as (row, col, rows, cols)."""
    taken: set[tuple[int, int]] = set()
    cells: list[tuple[int, int, Cell]] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cells.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    grid = [[""] * width for _ in rows]
    spans = []
    for r, c, cell in cells:
        grid[r][c] = cell.text
        if cell.rowspan > 1 or cell.colspan > 1:
            spans.append((r, c, cell.rowspan, cell.colspan))
    return grid, spans


def write_txt(path: Path) -> None:
    """Web-scraped pipe text: each table row `cell | cell |`, cells covered by a span not repeated."""
    lines = []
    for block in report():
        lines += (
            [block] if isinstance(block, str) else [" | ".join(c.text for c in row) + " |" for row in block]
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_html(path: Path) -> None:
    parts = [
        "<html><head><meta charset='utf-8'><title>年度报告</title></head><body><div class='menu'>首页 政务公开</div>",
        "<div class='article'>",
    ]
    for block in report():
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        parts.append("<table border='1'>")
        for row in block:
            tds = "".join(
                f"<td rowspan='{c.rowspan}' colspan='{c.colspan}'>{html.escape(c.text)}</td>" for c in row
            )
            parts.append(f"<tr>{tds}</tr>")
        parts.append("</table>")
    parts.append("</div><div class='footer'>版权所有</div></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def write_docx(path: Path) -> None:
    import docx

    word = docx.Document()
    for block in report():
        if isinstance(block, str):
            word.add_paragraph(block)
            continue
        grid, spans = _grid(block)
        table = word.add_table(rows=len(grid), cols=len(grid[0]))
        table.style = "Table Grid"
        for r, c, rows, cols in spans:
            table.cell(r, c).merge(table.cell(r + rows - 1, c + cols - 1))
        for r, row in enumerate(grid):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        word.add_paragraph("")
    word.save(str(path))


def write_pdf(path: Path) -> None:
    from make_fixtures import cjk_styles
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    rl_config.invariant = 1
    body, small = cjk_styles(11, 7)
    story = []
    for block in report():
        if isinstance(block, str):
            story.append(Paragraph(block, body))
            continue
        grid, spans = _grid(block)
        width = len(grid[0])
        widths = {4: [150, 120, 120, 120], 10: [60, 60, 110] + [40] * 7, 15: [34] * 15}[width]
        table = Table([[Paragraph(text, small) for text in row] for row in grid], colWidths=widths)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", (c, r), (c + cols - 1, r + rows - 1)) for r, c, rows, cols in spans]
        table.setStyle(TableStyle(style))
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=36, rightMargin=36).build(story)
    path.write_bytes(out.getvalue())


WRITERS = {".txt": write_txt, ".html": write_html, ".docx": write_docx, ".pdf": write_pdf}
