"""Statistics tables -> tidy rows mapped to the indicator catalogue.

Each table block is first recognised (which catalogue table its labels belong to), then parsed by
the layout of that table:
- `pre2019_stats`: label | unit | value (| cumulative); the columns come from the header row.
- `active_disclosure`: sub-blocks, each with its own header row (`信息内容 | 本年制发件数 | ...`).
- `requests`: label cells (group and row label) then one value per applicant column.
- `review_litigation`: one row of 15 numbers under a three-level header.
Cells that cannot be placed with certainty become findings and empty values, never guesses.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from . import catalogue
from .catalogue import Indicator, column_for_header, column_ids, indicator_ids, label_key
from .model import Finding, StatRow, Table
from .normalize import compact
from .vocabulary import header_patterns, is_unit, is_value, number_pattern

_MIN_MATCHES = 2
_FUZZY_CUTOFF = 0.84


@dataclass
class ParsedValue:
    value: float | None
    unit: str
    flags: list[str] = field(default_factory=list)


def parse_value(raw: str) -> ParsedValue:
    """`42` -> 42; `0.5万元` -> 0.5 with unit 万元; `42余` -> 42, approximate; `-` or `无` -> empty."""
    text = compact(raw)
    if not text:
        return ParsedValue(None, "")
    m = number_pattern().match(text)
    if not m:
        return ParsedValue(None, "", ["not_a_number"])
    flags = []
    if m["unit"]:
        flags.append("unit_in_value")
    if m["pre"] or m["post1"] or m["post2"]:
        flags.append("approximate")
    return ParsedValue(float(m["num"].replace(",", "")), m["unit"] or "", flags)


@dataclass
class _Cell:
    raw: str
    text: str
    is_value: bool


def _cells(table: Table, row_index: int) -> list[_Cell]:
    return [
        _Cell(raw, text, is_value(text) or not text)
        for raw, text in zip(table.raw[row_index], table.text[row_index], strict=False)
    ]


class _Matcher:
    """Finds a row's catalogue entry by label key, using the rows above it to pick among repeats."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.last: Indicator | None = None
        # label key -> row, for labels with a typo (`其他法律行政止公开`)
        self.official = {label_key(ind.label): ind for ind in catalogue.indicators() if ind.table == table}

    def match(self, label: str) -> tuple[Indicator | None, list[str]]:
        key = label_key(label)
        if not key:
            return None, []
        found = [ind for ind in catalogue.by_key().get(key, ()) if ind.table == self.table]
        flags = []
        if not found:
            found = self._fuzzy(key)
            flags = ["fuzzy_label"] if found else []
        if not found:
            return None, []
        chosen = self._nearest(found)
        self.last = chosen
        return chosen, flags

    def _fuzzy(self, key: str) -> list[Indicator]:
        """A label with a typo matches when it is nearly the official one."""
        close = difflib.get_close_matches(key, list(self.official), n=1, cutoff=_FUZZY_CUTOFF)
        return [self.official[close[0]]] if close else []

    def _nearest(self, found: list[Indicator]) -> Indicator:
        if len(found) == 1 or self.last is None:
            return found[0]
        ancestors = []
        node: Indicator | None = self.last
        while node is not None:
            ancestors.append(node.indicator_id)
            node = catalogue.by_id().get(node.parent_id)
        under = [ind for ind in found if ind.parent_id in ancestors]
        if under:
            return min(under, key=lambda ind: ancestors.index(ind.parent_id))
        ahead = [ind for ind in found if ind.order > self.last.order]
        return min(ahead, key=lambda ind: ind.order) if ahead else found[0]


def classify_table(table: Table) -> str | None:
    """Which statistics table this grid is, by the catalogue labels it holds; None for other tables."""
    votes: Counter[str] = Counter()
    header_words = set()
    for row in table.text:
        for cell in row:
            if not cell or is_value(cell):
                continue
            header_words.add(compact(cell))
            for ind in catalogue.by_key().get(label_key(cell), ()):
                votes[ind.table] += 1
    markers = header_patterns("review_litigation", "marker")
    if all(any(p.match(w) for w in header_words) for p in markers) and any(
        sum(1 for cell in row if cell and is_value(cell)) >= 10 for row in table.text
    ):
        return "review_litigation"
    if not votes:
        return None
    kind, count = votes.most_common(1)[0]
    return kind if count >= _MIN_MATCHES else None


def extract_statistics(tables: list[Table]) -> tuple[list[StatRow], list[Finding]]:
    """All statistics rows of a document's tables, and findings about cells that could not be placed."""
    rows: list[StatRow] = []
    findings: list[Finding] = []
    for table in tables:
        kind = classify_table(table)
        parser = _PARSERS.get(kind) if kind else None
        if parser is None:
            continue
        table_rows, table_findings = parser(table)
        rows.extend(table_rows)
        findings.extend(table_findings)
    return rows, findings


# --- pre-2019 统计表 -------------------------------------------------------------------------

_PRE2019_ROLES = ("unit", "cumulative", "value", "label")


def _pre2019_header(row: list[str]) -> list[str] | None:
    """Column roles of a header row (`统 计 指 标 | 单位 | 统计数`), or None if the row is not one."""
    roles = []
    for cell in row:
        key = compact(cell)
        roles.append(
            next(
                (
                    role
                    for role in _PRE2019_ROLES
                    if any(p.match(key) for p in header_patterns("pre2019_stats", role))
                ),
                "",
            )
        )
    return roles if "unit" in roles or "value" in roles else None


def parse_pre2019(table: Table) -> tuple[list[StatRow], list[Finding]]:
    roles = ["label", "unit", "value"]
    matcher = _Matcher("pre2019_stats")
    out: list[StatRow] = []
    for i, row in enumerate(table.text):
        header = _pre2019_header(row)
        if header is not None:
            roles = [role or ("label" if n == 0 else "") for n, role in enumerate(header)]
            continue
        cells = _cells(table, i)
        if not cells or not cells[0].text or cells[0].is_value:
            continue
        indicator, flags = matcher.match(cells[0].text)
        by_role = {role: cells[n] for n, role in enumerate(roles) if role and n < len(cells)}
        unit_cell = by_role.get("unit")
        unit_as_written = unit_cell.text if unit_cell and is_unit(unit_cell.text) else ""
        for column in ("value", "cumulative"):
            if column not in roles:
                continue
            cell = by_role.get(column)
            raw = cell.raw if cell else ""
            row_flags = list(flags)
            if (
                column == "value"
                and not compact(raw)
                and unit_cell
                and unit_cell.text
                and not unit_as_written
            ):
                raw = unit_cell.raw  # `一、主动公开情况 | 42 | |`: the value sits in the unit column
                row_flags.append("value_in_unit_column")
            parsed = parse_value(raw)
            unit = parsed.unit or unit_as_written or (indicator.unit if indicator else "")
            out.append(
                StatRow(
                    "pre2019_stats",
                    i + 1,
                    indicator.indicator_id if indicator else "",
                    cells[0].raw,
                    column,
                    unit,
                    parsed.value,
                    raw,
                    row_flags + parsed.flags,
                )
            )
    return out, []


# --- 2019+ tables ------------------------------------------------------------------------------


def _split_row(cells: list[_Cell]) -> tuple[list[_Cell], list[_Cell]]:
    """Label cells (before the first number) and value cells (from it on, blanks included).

    A row with no number at all (a blank form) has the blank cells after its last label as values.
    """
    first = next((n for n, c in enumerate(cells) if c.text and c.is_value), None)
    if first is None:
        first = max((n + 1 for n, c in enumerate(cells) if c.text), default=0)
    return [c for c in cells[:first] if c.text], cells[first:]


def _merge_fragments(table: str, cells: list[_Cell]) -> list[_Cell]:
    """Join label or header cells wrapped over lines.

    `2.没有现成信` + `息需要另行制作`; `本年新` + `制作数量`.
    """

    def known(text: str) -> bool:
        return bool(catalogue.by_key().get(label_key(text))) or column_for_header(table, text) is not None

    out: list[_Cell] = []
    i = 0
    while i < len(cells):
        for width in (3, 2):
            joined = cells[i : i + width]
            text = "".join(c.text for c in joined)
            if len(joined) == width and known(text) and not known(cells[i].text):
                out.append(_Cell("".join(c.raw for c in joined), text, False))
                i += width
                break
        else:
            out.append(cells[i])
            i += 1
    return out


def _placed(columns: list[str], values: list[_Cell]) -> list[tuple[str, _Cell]] | None:
    """Pair columns with value cells; a column repeated by a colspan keeps its first cell.

    None when the counts differ or a repeated column holds different values: nothing is guessed.
    """
    if len(columns) != len(values):
        return None
    placed: dict[str, _Cell] = {}
    for column, cell in zip(columns, values, strict=True):
        if column in placed and compact(placed[column].raw) != compact(cell.raw):
            return None
        placed.setdefault(column, cell)
    return list(placed.items())


def _fit(values: list[_Cell], expected: int) -> list[_Cell]:
    """Blank cells are dropped only when there are more cells than columns (filler cells)."""
    return [v for v in values if v.text] if len(values) > expected else values


def _unplaced(table: str, indicator_id: str, label: str, expected: int, values: list[_Cell]) -> Finding:
    return Finding(
        "cells_unplaced",
        "warning",
        indicator_id,
        str(expected),
        str(len(values)),
        f"{table} row '{label}': {len(values)} value cells for {expected} columns "
        f"({' '.join(c.raw for c in values)}); values left empty",
    )


def _rows_for(
    table: str,
    row_no: int,
    indicator: Indicator | None,
    label: _Cell,
    placed: list[tuple[str, _Cell]],
    flags: list[str],
    unit_hint: str = "",
) -> list[StatRow]:
    out = []
    for column, cell in placed:
        parsed = parse_value(cell.raw)
        unit = parsed.unit or unit_hint or (indicator.unit if indicator else "")
        out.append(
            StatRow(
                table,
                row_no,
                indicator.indicator_id if indicator else "",
                label.raw,
                column,
                unit,
                parsed.value,
                cell.raw,
                flags + parsed.flags,
            )
        )
    return out


def _empty_rows(
    table: str, row_no: int, indicator: Indicator | None, label: _Cell, columns: list[str]
) -> list[StatRow]:
    """Rows for cells that could not be placed: empty values, flagged `unplaced`."""
    blank = _Cell("", "", True)
    return _rows_for(table, row_no, indicator, label, [(column, blank) for column in columns], ["unplaced"])


def _unit_in_header(cells: list[str]) -> str:
    """`本年收费金额(单位:万元)` -> `万元`; empty when no header cell states a unit."""
    for cell in cells:
        for pattern in header_patterns("active_disclosure", "unit_in_header"):
            m = pattern.search(compact(cell))
            if m:
                return m.group(1)
    return ""


def parse_active_disclosure(table: Table) -> tuple[list[StatRow], list[Finding]]:
    matcher = _Matcher("active_disclosure")
    columns: list[str] = []
    unit_hint = ""
    out: list[StatRow] = []
    findings: list[Finding] = []
    for i in range(len(table.text)):
        labels, values = _split_row(_cells(table, i))
        labels = _merge_fragments("active_disclosure", labels)
        header = [(column_for_header("active_disclosure", c.text), c.text) for c in labels]
        if any(column for column, _ in header):
            columns = [column for column, _ in header if column]
            unit_hint = _unit_in_header([text for _, text in header])
        if not labels or not values:
            continue
        indicator, flags = matcher.match(labels[-1].text)
        if indicator is None:
            continue
        placed = _placed(columns, _fit(values, len(columns)))
        if placed is None:
            findings.append(
                _unplaced("active_disclosure", indicator.indicator_id, labels[-1].raw, len(columns), values)
            )
            out.extend(
                _empty_rows("active_disclosure", i + 1, indicator, labels[-1], list(dict.fromkeys(columns)))
            )
            continue
        out.extend(
            _rows_for(
                "active_disclosure",
                i + 1,
                indicator,
                labels[-1],
                placed,
                flags,
                unit_hint if "amount" in columns else "",
            )
        )
    return out, findings


def _request_columns(table: Table) -> list[str]:
    """Applicant columns in the order the header gives them (`商业`+`企业` split cells joined).

    The header is every label cell before the first row label; without a full header, the
    official seven columns.
    """
    header: list[str] = []
    for row in table.text:
        cells = _merge_fragments("requests", [_Cell(t, t, False) for t in row if t and not is_value(t)])
        for cell in cells:
            column = column_for_header("requests", cell.text)
            if column is None and any(
                i.table == "requests" for i in catalogue.by_key().get(label_key(cell.text), ())
            ):
                return _ordered_request_columns(header)
            if column and column not in header:
                header.append(column)
    return _ordered_request_columns(header)


def _ordered_request_columns(header: list[str]) -> list[str]:
    official = column_ids("requests")  # 自然人, five kinds of legal person, 总计
    first, last = official[0], official[-1]
    middle = [c for c in header if c not in (first, last)]
    if first not in header or last not in header or len(middle) < len(official) - 2:
        return list(official)
    return [first, *middle, last]


def _grid_columns(table: Table, kind: str) -> list[str | None] | None:
    """Column id per grid position, from the header rows of a full grid (HTML, Word, PDF tables).

    The lowest header row that names a position wins, so `自然人` above an empty cell still counts.
    None when rows differ in length (text renderings, where positions mean nothing).
    """
    width = len(table.text[0]) if table.text else 0
    if not width or any(len(row) != width for row in table.text):
        return None
    ids: list[str | None] = [None] * width
    for row in table.text:
        if any(cell and is_value(cell) for cell in row):
            continue
        for position, cell in enumerate(row):
            column = column_for_header(kind, cell) if cell else None
            if column:
                ids[position] = column
    official = column_ids("requests")
    return ids if {official[0], official[-1]} <= set(ids) else None


def _row_label(matched: list[tuple[_Cell, Indicator, list[str]]]) -> tuple[_Cell, Indicator, list[str]]:
    """The row's own label among its label cells: the last one, unless a merged cell from another
    group strayed into the row (its parent is not among the row's other labels while another's is)."""
    ids = {indicator.indicator_id for _, indicator, _ in matched}
    nested = [m for m in matched if m[1].parent_id in ids]
    return nested[-1] if nested else matched[-1]


def parse_requests(table: Table) -> tuple[list[StatRow], list[Finding]]:
    matcher = _Matcher("requests")
    columns = _request_columns(table)
    grid = _grid_columns(table, "requests")
    out: list[StatRow] = []
    findings: list[Finding] = []
    for i in range(len(table.text)):
        cells = _cells(table, i)
        labels, values = _split_row(cells)
        labels = _merge_fragments("requests", labels)
        labels = [cell for cell in labels if not column_for_header("requests", cell.text)]  # `自然人`, `总计`
        matched = [(cell, *matcher.match(cell.text)) for cell in labels]
        matched = [(cell, ind, flags) for cell, ind, flags in matched if ind is not None]
        if not matched or not (values or grid):
            continue
        label, indicator, flags = _row_label(matched)
        if grid:
            placed = _placed([c for c in grid if c], [cell for c, cell in zip(grid, cells, strict=True) if c])
        else:
            placed = _placed(columns, values)
        if placed is None:
            findings.append(_unplaced("requests", indicator.indicator_id, label.raw, len(columns), values))
            out.extend(_empty_rows("requests", i + 1, indicator, label, columns))
            continue
        out.extend(_rows_for("requests", i + 1, indicator, label, placed, flags))
    return out, findings


def parse_review_litigation(table: Table) -> tuple[list[StatRow], list[Finding]]:
    # The data row: only numbers or blanks; the one with the most numbers, the last one on a tie.
    data_rows = [n for n, row in enumerate(table.text) if all(not c or is_value(c) for c in row)]
    counts = {n: sum(1 for c in table.text[n] if c) for n in data_rows} or {
        n: sum(1 for c in row if c and is_value(c)) for n, row in enumerate(table.text)
    }
    i = max(counts, key=lambda n: (counts[n], n))
    cells = _cells(table, i)
    labels, values = _split_row(cells)
    blocks, parts = indicator_ids("review_litigation"), list(column_ids("review_litigation"))
    expected = len(blocks) * len(parts)
    values = _fit(values, expected)
    label = labels[-1] if labels else _Cell("", "", False)
    if len(values) != expected:
        finding = _unplaced("review_litigation", "", label.raw, expected, values)
        rows = [
            row
            for block in blocks
            for row in _empty_rows(
                "review_litigation",
                i + 1,
                catalogue.by_id()[block],
                _Cell(catalogue.by_id()[block].label, "", False),
                parts,
            )
        ]
        return rows, [finding]
    out = []
    for b, block in enumerate(blocks):
        indicator = catalogue.by_id()[block]
        chunk = values[b * len(parts) : (b + 1) * len(parts)]
        out.extend(
            _rows_for(
                "review_litigation",
                i + 1,
                indicator,
                _Cell(indicator.label, "", False),
                list(zip(parts, chunk, strict=True)),
                [],
            )
        )
    return out, []


_PARSERS = {
    "pre2019_stats": parse_pre2019,
    "active_disclosure": parse_active_disclosure,
    "requests": parse_requests,
    "review_litigation": parse_review_litigation,
}
