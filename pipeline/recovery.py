"""Table recovery: align what a document gives to a statistics table template.

Every rendering reaches this module as one stream of lines in reading order (a grid row of a web
page or Word table, a line of column-aligned text, a line of a PDF page, a paragraph), each line a
list of cells with positions where the rendering has them. The stream is cut into tokens, and a
table is read by following its template (`template.py`):

- anchors: a token starts or continues a label (a row or a header word). Labels are read fragment
  by fragment, so a label wrapped over lines, set one character per line beside other labels, or
  split from its number is recognised by its prefixes; several labels can be open at once (a
  vertical group label beside its rows) and a fragment joins the nearest one it continues.
- values: numbers (and the blank cells a grid keeps) go to the row whose label was started last
  and still has room; numbers before any row are header words (`2015` `年度`); numbers after a
  full row wait for the next row label.
- a table starts at a strong anchor (a whole row label or a header word such as `指标名称`) and
  ends when its last row is full, another table starts, or lines stop being table lines.

The result is a list of `RecoveredTable`s with their rows and the lines they took;
`statistics.py` places each row's values in columns.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field

import regex

from .catalogue import Indicator
from .normalize import fold
from .template import (
    Forms,
    HeaderWord,
    Item,
    Template,
    anchors,
    forms,
    header_pattern_match,
    templates,
)
from .vocabulary import is_unit, is_value

_GLUED_NUMBER = regex.compile(r"^(?P<label>.*[\p{Han})）”’])(?P<number>[+-]?\d[\d,]*(?:\.\d+)?)$")
_MAX_LABEL_CHARS = 80  # longer cells are running text, never a label
_LONG_TEXT_CHARS = 12  # an unknown token this long inside a table is running text: the table ended
_MAX_NOISE_LINES = 3
_STRAY_CHARS = 2
_MAX_STRAY_LINES = 40
_LANE_LINES = 8  # a label fragment continues a label opened at most this many lines above
_STRONG_ANCHOR_CHARS = 4
_ANCHOR_ROLES = ("label", "block", "group", "note", "marker")
_MIN_LONE_ROW = 10  # table 4 is one row of 15 numbers
_NUMBERED = regex.compile(r"^\([一二三四五六七八九十]+$")  # `(三`: a numbered heading set a piece per line
_ROW_NUMBER = regex.compile(r"^\d{1,3}\.?$")
_SENTENCE = regex.compile(r"[。；;]")
_COMMA = regex.compile(r"[，,]")
_NOTES = regex.compile(r"[(（][^()（）]*[)）]?")


@dataclass
class Token:
    raw: str
    text: str
    line: int
    x0: float | None = None
    x1: float | None = None
    page: int | None = None
    value: bool = False
    blank: bool = False
    flags: tuple[str, ...] = ()  # the cell's (`ocr`, `ocr_low_score`)

    @property
    def center(self) -> float | None:
        return None if self.x0 is None or self.x1 is None else (self.x0 + self.x1) / 2


@dataclass
class StreamLine:
    """A line of the stream: its tokens, whether its cells are drawn, and the block it came from."""

    tokens: list[Token]
    ruled: bool
    block: int


@dataclass(eq=False)  # lanes are told apart by identity
class Lane:
    """A label being read fragment by fragment, and the values it took if it is a row."""

    fragments: list[Token]
    items: list[Item]
    seq: int
    last_seq: int = 0
    values: list[Token] = field(default_factory=list)
    unit: str = ""
    unknown: bool = False  # a row label that is not in the catalogue
    fuzzy: bool = False  # started by a label with a typo
    header: list[HeaderColumn] = field(default_factory=list)
    text: str = ""  # the fragments' folded text, kept as they come
    forms: Forms = field(init=False)  # the text's matching forms
    room: dict[int, int] = field(default_factory=dict)  # values it can hold, by its number of candidates

    def __post_init__(self) -> None:
        self.text = "".join(t.text for t in self.fragments)
        self.forms = forms(self.text)

    def add(self, token: Token, seq: int) -> None:
        self.fragments.append(token)
        self.text += token.text
        self.forms = forms(self.text)
        self.last_seq = seq

    @property
    def raw(self) -> str:
        return "".join(t.raw for t in self.fragments)

    @property
    def last_line(self) -> int:
        return self.fragments[-1].line

    @property
    def x0(self) -> float | None:
        return self.fragments[-1].x0

    def rows(self) -> list[Indicator]:
        return [i for i in self.items if isinstance(i, Indicator)]

    def complete_items(self, template: Template) -> list[Item]:
        """The items whose whole label the lane has read."""
        found = self.forms
        return [i for i in self.items if {found.surface, found.key} & template.item_forms[i]]


@dataclass
class HeaderColumn:
    column: str
    x0: float | None
    x1: float | None
    ruled: bool


@dataclass
class RecoveredRow:
    """A row of a recovered table: its catalogue row (None: a label not in the catalogue)."""

    indicator: Indicator | None
    label_raw: str
    values: list[Token]
    unit: str
    header: list[HeaderColumn]
    flags: list[str] = field(default_factory=list)


@dataclass
class RecoveredTable:
    table: str
    rows: list[RecoveredRow]
    first_line: int
    last_line: int
    leftover: list[Token]  # numbers no row could take
    ruled: bool


def tokens_of(cells, line: int, page: int | None, split: bool) -> list[Token]:
    """Tokens of a line's cells: whitespace-separated words (unless `split` is off), numbers glued
    to a label cut off (`稳0` -> `稳`, `0`), empty cells kept as blanks."""
    out: list[Token] = []
    for cell in cells:
        folded = cell.text or fold(cell.raw)
        pieces = _pieces(folded, split)
        if not pieces:
            out.append(Token("", "", line, cell.x0, cell.x1, page, blank=True))
            continue
        raws = pieces if cell.raw == folded else _pieces(cell.raw, split)
        if len(raws) != len(pieces):
            raws = pieces
        for (raw, _), (text, value) in zip(raws, pieces, strict=True):
            out.append(Token(raw, text, line, cell.x0, cell.x1, page, value=value, flags=cell.flags))
    return out


@functools.lru_cache(maxsize=1 << 16)
def _pieces(text: str, split: bool) -> tuple[tuple[str, bool], ...]:
    """A cell's text cut into tokens, each with whether it is a number."""
    if len(text) > _MAX_LABEL_CHARS and not any(ch.isspace() for ch in text):
        return ((text, False),)  # running text: one token, never a label or a number
    parts = text.split() if split else ([text.strip()] if text.strip() else [])
    return tuple((piece, is_value(piece)) for part in parts for piece in _unglue(part))


def _unglue(part: str) -> list[str]:
    m = _GLUED_NUMBER.match(part)
    if m and not is_value(part):
        return [m["label"], m["number"]]
    return [part]


class _Reader:
    """Reads one table of one template from a stream, line by line."""

    def __init__(self, template: Template, lines: list[StreamLine], start: int) -> None:
        self.template = template
        self.lines = lines
        self.start = start
        self.lanes: list[Lane] = []
        self.rows: list[Lane] = []
        self.header: list[HeaderColumn] = []
        self.header_closed = False
        self.pending: list[Token] = []
        self.unlabeled: Lane | None = None
        self.last_consumed = start
        self.seq = 0
        self.orphan: tuple[Token, int] | None = None  # label-like text no template item matched
        self.lead: list[Token] = []  # numbering set apart from the label it numbers
        self.rooms: dict[tuple[tuple[str | None, ...], frozenset[str]], int] = {}
        self.ruled = False

    # --- the stream -----------------------------------------------------------------------

    def read(self) -> int:
        """Consume lines from `start`; the index of the last line that belongs to the table."""
        noise = stray = 0
        i = self.start
        while i < len(self.lines):
            line = self.lines[i]
            if i > self.start and self._other_table_starts(line):
                break
            consumed, long_text = self._line(line)
            if consumed:
                self.last_consumed = i
                noise = stray = 0
                self.ruled = self.ruled or line.ruled
            elif line.tokens:
                # characters of a label set one per line do not end a table; other lines do, soon
                if all(len(t.text) <= _STRAY_CHARS for t in line.tokens):
                    stray += 1
                else:
                    noise += 1
                if long_text or noise > _MAX_NOISE_LINES or stray > _MAX_STRAY_LINES:
                    break
            if self._complete():
                break
            i += 1
        return self.last_consumed

    def _other_table_starts(self, line: StreamLine) -> bool:
        return any(
            table != self.template.table and self._continuing_lane(token, numeric=False) is None
            for token in line.tokens
            for table in strong_anchor_tables(token)
        )

    def _line(self, line: StreamLine) -> tuple[bool, bool]:
        consumed = False
        long_text = False
        row_on_line: Lane | None = None
        if line.tokens:  # labels opened too far above can no longer go on
            here = line.tokens[0].line
            self.lanes = [lane for lane in self.lanes if here - lane.last_line <= _LANE_LINES]
        for token in _without_row_number(line.tokens):
            if token.blank:  # an empty cell of a grid: a blank value of the row this line is of
                if row_on_line is not None:
                    row_on_line.values.append(token)
                continue
            if len(token.text) > _MAX_LABEL_CHARS:
                long_text = True
                continue
            taken = self._token(token)
            if taken is not None:
                consumed = True
                if isinstance(taken, Lane) and taken in self.rows and self._takes_values(taken, token.line):
                    row_on_line = taken
            elif len(token.text.replace(" ", "")) > _LONG_TEXT_CHARS:
                long_text = True
        return consumed, long_text

    def _token(self, token: Token) -> Lane | bool | None:
        """Where a token went: the lane it extended or started (or the row a value went to), True
        for header words and numbers, None when it is not part of the table."""
        if token.value:
            lane = self._continuing_lane(token, numeric=True)
            if lane is not None:
                self._extend(lane, token)
                return lane
            return self._value(token)
        if is_unit(token.text):
            row = self._active_row(token.line)
            if row is not None and not row.values:
                row.unit = token.raw.strip()
                return row
        lane = self._continuing_lane(token, numeric=False)
        if lane is not None:
            self._extend(lane, token)
            self._narrow(lane)
            return lane
        lane = self._start(token)
        if lane is not None:
            return lane
        word = header_pattern_match(self.template.table, token.text)
        if word is not None:
            self._header_column(word, [token])
            return True
        if is_unit(token.text):
            return True
        if not forms(token.text).key_prefix and forms(token.text).surface:
            self.lead.append(token)  # `其中：` `1.`: the number of the label on the next line
            return True
        if _label_like(token.text):
            self.seq += 1
            self.orphan = (token, self.seq)
        return None

    def _extend(self, lane: Lane, token: Token) -> None:
        self.seq += 1
        lane.add(token, self.seq)

    # --- labels ---------------------------------------------------------------------------

    def _continuing_lane(self, token: Token, numeric: bool) -> Lane | None:
        best: tuple[float, int, Lane] | None = None
        first = forms(token.text).surface[:1]
        next_chars = self.template.next_chars
        for lane in self.lanes:
            lane_forms = lane.forms
            possible = first in next_chars.get(lane_forms.surface, ()) or (
                not numeric and (lane_forms.opens_note or first in next_chars.get(lane_forms.key_prefix, ()))
            )
            if not possible or not self._continues(lane, token, numeric):
                continue
            distance = abs(token.x0 - lane.x0) if token.x0 is not None and lane.x0 is not None else 0.0
            candidate = (distance, -lane.seq, lane)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        return best[2] if best else None

    def _continues(self, lane: Lane, token: Token, numeric: bool) -> bool:
        """`token` is the next piece of the label `lane` is reading: the label as written goes on
        with it, or its key grows (punctuation that adds nothing belongs to no label), or it lies
        inside a note the label has opened (`(区分处理的,`)."""
        text = lane.text + token.text
        text_forms, prefixes = forms(text), self.template.prefixes
        if text_forms.surface not in prefixes and (numeric or text_forms.key_prefix not in prefixes):
            return False  # the label as written and its key both stop here (most lanes, quickly)
        if self._consistent(text, lane.items, surface_only=True):
            return True
        if numeric or not self._consistent(text, lane.items):
            return False
        before = lane.forms
        return forms(text).key_prefix != before.key_prefix or before.opens_note

    def _consistent(self, text: str, items: list[Item], surface_only: bool = False) -> list[Item]:
        """The items whose label `text` is the start of."""
        prefixes = self.template.prefixes
        text_forms = forms(text)
        found = prefixes.get(text_forms.surface, [])
        if not surface_only and text_forms.key_prefix:
            found = found + [i for i in prefixes.get(text_forms.key_prefix, ()) if i not in found]
        if not found:
            return []
        allowed = set(items)
        return [i for i in found if i in allowed]

    def _narrow(self, lane: Lane) -> None:
        lane.items = self._consistent(lane.text, lane.items)
        self._record_header(lane)

    def _start(self, token: Token) -> Lane | None:
        candidates = self._consistent(token.text, self._open_items())
        fuzzy = not candidates
        if fuzzy:
            match = self._fuzzy(token.text)
            if match is None:
                return None
            candidates = [match]
        if not self._strong_enough(token.text, candidates):
            return None
        self.seq += 1
        lane = Lane([*self.lead, token], candidates, self.seq, self.seq, header=self.header, fuzzy=fuzzy)
        self.lead = []
        self.lanes.append(lane)
        self._record_header(lane)
        if lane.rows():
            self.header_closed = bool(self.header)
            self.rows.append(lane)
            if self.pending and self._takes_values(lane, self.pending[-1].line):
                lane.values.extend(self.pending)
                self.pending = []
        return lane

    def _open_items(self) -> list[Item]:
        """Row labels and header words; table 4 has only header words."""
        if self.template.unlabeled:
            return list(self.template.header)
        return [*self.template.rows, *self.template.header]

    def _strong_enough(self, text: str, candidates: list[Item]) -> bool:
        """A single character starts a row label only as the start of a numbered one (`(三`); it
        may start a header word (`本` / `年` / `新` / `制作数量`: a header set in narrow cells)."""
        found = forms(text)
        if len(found.key_prefix) >= 2 or len(found.surface) >= 3 or _NUMBERED.match(found.surface):
            return True
        return any(isinstance(i, HeaderWord) for i in candidates)

    def _fuzzy(self, text: str) -> Indicator | None:
        """A label with a typo (`2.其他法律行政止公开`) is the row whose label it nearly is."""
        k = forms(text).key
        if len(k) < 4 or self.template.unlabeled:
            return None
        rows = self.template.row_keys
        close = difflib.get_close_matches(k, list(rows), n=1, cutoff=0.84)
        return rows[close[0]] if close else None

    def _record_header(self, lane: Lane) -> None:
        """A complete header word names a column: remember where it stands."""
        words = [i for i in lane.complete_items(self.template) if isinstance(i, HeaderWord) and i.column]
        if not words or (lane.rows() and lane.values):
            return
        self._header_column(words[0], lane.fragments)

    def _header_column(self, word: HeaderWord, fragments: list[Token]) -> None:
        if self.rows and self.header_closed:
            self.header = []  # a new header (table 2's next block)
            self.header_closed = False
        xs = [t for t in fragments if t.x0 is not None and t.x1 is not None]
        x0 = min((t.x0 for t in xs), default=None)  # type: ignore[type-var]
        x1 = max((t.x1 for t in xs), default=None)  # type: ignore[type-var]
        ruled = bool(xs) and self.lines[fragments[0].line].ruled
        existing = next((h for h in self.header if h.column == word.column), None)
        if existing is not None:
            if x0 is not None and existing.x0 is not None:
                existing.x0, existing.x1 = min(existing.x0, x0), max(existing.x1, x1)  # type: ignore[type-var]
            return
        self.header.append(HeaderColumn(word.column, x0, x1, ruled))

    # --- values ---------------------------------------------------------------------------

    def _active_row(self, line: int | None = None, full: bool = False) -> Lane | None:
        """The row started last that can take values (on `line`), while it has room for more
        (or even when it is `full`)."""
        for lane in reversed(self.rows):
            if self._takes_values(lane, line):
                room = len([v for v in lane.values if not v.blank]) < self._room(lane)
                return lane if room or full else None
        return None

    def _takes_values(self, lane: Lane, line: int | None) -> bool:
        """A value row once its label, past its number, is more than a character. A heading row
        only with its whole label, never a fragment of a vertical label; a pure heading
        (`九、机构建设和保障经费情况 | 0.5万元`) only for numbers on its own line."""
        if lane.unknown:
            return True
        kinds = {i.kind for i in lane.rows()}
        if "value" in kinds:
            return len(lane.forms.key_prefix) >= 2  # `三、本` may yet be `三、本年度办理结果`
        complete = any(isinstance(i, Indicator) for i in lane.complete_items(self.template))
        return complete and ("group_or_value" in kinds or line is None or line == lane.last_line)

    def _room(self, lane: Lane) -> int:
        """How many values the lane's row can hold: its layout's columns (the widest it may have)."""
        cached = lane.room.get(len(lane.items))
        if cached is not None:
            return cached
        ids = tuple(row.indicator_id for row in lane.rows()) or (None,)
        named = frozenset(h.column for h in lane.header)
        if (ids, named) not in self.rooms:
            layouts = [self.template.layouts_for(i, set(named)) for i in ids]
            widest = [len(layout.columns) for found in layouts for layout in found[: 1 if named else None]]
            self.rooms[(ids, named)] = max(widest, default=0)
        lane.room[len(lane.items)] = self.rooms[(ids, named)]
        return lane.room[len(lane.items)]

    def _value(self, token: Token) -> Lane | bool:
        # Where positions are known a number past a full row is set above the next row's label
        # (a PDF cell's middle); without them, numbers follow their label, even one too many
        # (a number cut into two text nodes: `2` `122`), which placement sorts out.
        row = self._active_row(token.line, full=token.center is None)
        if self.orphan is not None and self.rows and self.orphan[1] > self.rows[-1].last_seq:
            row = self._unknown_row(self.orphan[0])
        if row is not None:
            self.seq += 1
            row.values.append(token)
            row.last_seq = self.seq
            return row
        if self.template.unlabeled:
            if self.unlabeled is None:
                self.unlabeled = Lane([], [], self.seq)
            self.unlabeled.values.append(token)
            return True
        if self.rows or self._under_header(token):
            self.pending.append(token)  # for the next row to start (a number set above its label)
        return True  # else, before any row: a number in the header (`2015` of `2015年度`)

    def _under_header(self, token: Token) -> bool:
        """A number that stands under a column's header word, before any row label."""
        center = token.center
        return center is not None and any(
            h.x0 is not None and h.x1 is not None and h.x0 <= center <= h.x1 for h in self.header
        )

    def _unknown_row(self, token: Token) -> Lane:
        self.seq += 1
        lane = Lane([token], [], self.seq, self.seq, unknown=True, header=self.header)
        self.rows.append(lane)
        self.orphan = None
        return lane

    def _complete(self) -> bool:
        """The table's last row has all its values (table 3's 结转下年度继续办理, table 4's row)."""
        if self.unlabeled is not None:
            return len(self.unlabeled.values) >= self._unlabeled_width()
        if not self.rows:
            return False
        last = self.template.rows[-1]
        lane = self.rows[-1]
        return last in lane.rows() and len(lane.values) >= self._room(lane) and len(lane.rows()) == 1

    def _unlabeled_width(self) -> int:
        return len(self.template.rows) * max(len(layout.columns) for layout in self.template.layouts)

    # --- result ---------------------------------------------------------------------------

    def result(self, end: int) -> RecoveredTable:
        rows = []
        cursor = -1
        taken: set[str] = set()
        for lane in self.rows:
            complete = lane.complete_items(self.template)
            if (
                not lane.values
                and not lane.unit
                and (any(isinstance(i, HeaderWord) for i in complete) or not complete)
            ):
                continue  # a header word that is also a row label (`总计`), or a stray fragment
            indicator = None if lane.unknown else _resolve(lane, self.template, cursor, taken)
            if indicator is None and not lane.unknown:
                continue
            if indicator is not None:
                if not _has_cells(indicator, lane):
                    continue
                cursor = indicator.order
                taken.add(indicator.indicator_id)
            flags = ["fuzzy_label"] if lane.fuzzy else []
            rows.append(RecoveredRow(indicator, lane.raw, lane.values, lane.unit, lane.header, flags))
        if self.unlabeled is not None:
            rows.append(RecoveredRow(None, "", self.unlabeled.values, "", self.header))
        return RecoveredTable(self.template.table, rows, self.start, end, self.pending, self.ruled)


def _has_cells(indicator: Indicator, lane: Lane) -> bool:
    """A heading row counts only where the table filled it in (`九、机构建设和保障经费情况 | 0.5万元`),
    or, for a heading that some versions fill, printed a unit for it (`四、行政复议数量 | 件 | |`):
    renderings that drop empty cells then agree with those that keep them."""
    filled = any(not v.blank for v in lane.values)
    if indicator.kind == "group":
        return filled
    if indicator.kind == "group_or_value":
        return filled or bool(lane.unit)
    return True


def _label_like(text: str) -> bool:
    return len(regex.findall(r"\p{Han}", text)) >= 2


def _resolve(lane: Lane, template: Template, cursor: int, taken: set[str]) -> Indicator | None:
    """The catalogue row a lane stands for: a whole match first, then the next row in template
    order after the last one read (repeated labels such as `(一)维持具体行政行为数`)."""
    rows = [r for r in lane.rows() if r.indicator_id not in taken]
    if not rows:
        return None
    complete = [i for i in lane.complete_items(template) if isinstance(i, Indicator) and i in rows]
    pool = complete or rows
    ahead = [r for r in pool if r.order > cursor]
    return min(ahead or pool, key=lambda r: r.order)


# --- the stream of a document ------------------------------------------------------------------


def strong_anchor_tables(token: Token) -> set[str]:
    """Tables whose start this token can be: a whole row label or a header word of the table."""
    if token.value or token.blank or len(token.text) > _MAX_LABEL_CHARS:
        return set()
    index = anchors()
    tables = set()
    text = forms(token.text)
    for form in {text.surface, text.key}:
        for item in index.get(form, ()):
            if isinstance(item, HeaderWord):
                if item.role in _ANCHOR_ROLES:
                    tables.add(item.table)
            elif len(form) >= _STRONG_ANCHOR_CHARS:
                tables.add(item.table)
    return tables


def _without_row_number(tokens: list[Token]) -> list[Token]:
    """A line that starts with a small whole number and then a label (`1 | 主动公开政府信息数 | 条 |
    120`): the number is the row's number (a `序号` column), not one of its values."""
    filled = [t for t in tokens if not t.blank]
    if len(filled) >= 2 and _ROW_NUMBER.match(filled[0].text) and _label_like(filled[1].text):
        return [t for t in tokens if t is not filled[0]]
    return tokens


def _prose(token: Token) -> bool:
    """Running text: a sentence stop, or a comma outside a note (`只计这一情形，` is in one)."""
    return bool(_SENTENCE.search(token.text)) or bool(_COMMA.search(_NOTES.sub("", token.text)))


def recover(lines: list[StreamLine]) -> list[RecoveredTable]:
    """Every statistics table in a stream of lines, in order."""
    out: list[RecoveredTable] = []
    i = 0
    while i < len(lines):
        tokens = lines[i].tokens
        tables = (
            []
            if any(_prose(t) for t in tokens)
            else [t for token in tokens for t in strong_anchor_tables(token)]
        )
        found = None
        for table in dict.fromkeys(tables):
            reader = _Reader(templates()[table], lines, i)
            end = reader.read()
            result = reader.result(end)
            if _is_table(result):
                found = result
                break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.last_line + 1
    return out


def _is_table(table: RecoveredTable) -> bool:
    """A table has rows of numbers: two or more in text (a sentence that names a row and a number
    is not one), one in a drawn grid, or table 4's one long row; a blank form has rows of blank
    cells."""
    filled = [row for row in table.rows if any(not v.blank for v in row.values)]
    long_row = any(len(row.values) >= _MIN_LONE_ROW for row in filled)
    return (
        len(filled) >= (1 if table.ruled else 2)
        or long_row
        or sum(1 for row in table.rows if row.values) >= 2
    )
