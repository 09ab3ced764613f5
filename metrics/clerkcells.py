"""What a clerk types, read as the codes the files keep: Chinese column headers in any order, and
on every sheet indicator names (财政总收入), periods as typed (2019年上半年, 2019年1-6月, 2019.6),
the source's title and the Chinese of each closed list (原文数据 / 推算, 近 / 多 / 约 / 前, 新能源汽车,
企业, 是 / 否: `clerk.VALUES_ZH`); on 数据 numbers with full-width digits, thousands separators, the
indicator's own unit or a direction word (46.73亿元, 下降5.3%). A cell that cannot
be read stays as typed, with a problem naming the sheet, the row and the column and saying what to
type (the validation's own problem on that cell is then left out: `merged_problems`). Pure: the
standard library and this package.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from . import schema
from .clerk import COLUMNS_ZH, KEY_COLUMNS_ZH, VALUES_ZH, column_zh
from .clerkbook import DISPLAY_ONLY
from .numbers import typed_number
from .periods import typed_period
from .reading import Problem

__all__ = ["clerk_cells", "header_codes", "merged_problems"]

SIGNED = ("yoy_pct", "change")
# Chinese -> code for each closed list, with a few other words a clerk types
_CODES = {column: {v: k for k, v in words.items()} for column, words in VALUES_ZH.items()}
_CODES["kind"] |= {"原文": "reported", "推算值": "derived"}
_CODES["qualifier"] |= {"余": "over", "超过": "over", "以上": "over"}
_CODES["checked"] |= {"Y": "yes", "N": "no", "核对": "yes", "不核对": "no"}
# a few other ways a clerk heads a column
ALIASES = {
    "同比增长": "yoy_pct",
    "增长(%)": "yoy_pct",
    "同比(%)": "yoy_pct",
    "增减": "change",
    "原文句子": "source_quote",
    **{header: column for column, header in KEY_COLUMNS_ZH.values()},
}


def _key(text: str) -> str:
    return re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", text))


def header_codes(cells: list[str], name: str) -> list[str]:
    """A header row in Chinese (指标, 时期, 同比增长(%) …, in any order; full-width brackets and
    spaces read) or in codes, as the codes; a name the table does not have is kept as typed (the
    validation notes it as an extra column, ignored)."""
    columns = schema.COLUMNS.get(name, ())
    zh = {_key(column_zh(c)): c for c in columns} | {_key(v): k for k, v in DISPLAY_ONLY.items()}
    zh |= {_key(column_zh(c, name)): c for c in columns}
    zh |= {_key(a): c for a, c in ALIASES.items() if c in columns}
    return [c.strip() if c.strip() in columns else zh.get(_key(c), c.strip()) for c in cells]


def _rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return (records[0], records[1:]) if records else ([], [])


def _lookup(files: dict[str, bytes], table: str, key: str, name: str) -> dict[str, str]:
    header, rows = _rows(files.get(schema.FILES[table], b""))
    if key not in header or name not in header:
        return {}
    k, n = header.index(key), header.index(name)
    pairs = [(r[n].strip(), r[k].strip()) for r in rows if len(r) > max(k, n) and r[n].strip()]
    names = [p[0] for p in pairs]
    return {text: code for text, code in pairs if names.count(text) == 1}  # an ambiguous name stays


def clerk_cells(
    files: dict[str, bytes], label: str, problems: list[Problem], current: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """`files` (read from a workbook) with every sheet's cells read as codes; problems appended.
    Names are looked up in the workbook's own 指标 and 来源 sheets, then in `current` (the
    version the workbook came from: a source retitled in the workbook still finds its rows)."""
    both = (current or {}, files)
    names = {
        "indicator": {
            k: v for f in both for k, v in _lookup(f, "indicators", "indicator", "name_zh").items()
        },
        "source": {k: v for f in both for k, v in _lookup(f, "sources", "source", "title").items()},
        "unit": {k: v for f in both for k, v in _lookup(f, "indicators", "unit", "indicator").items()},
    }
    out_files = dict(files)
    for table, fname in schema.FILES.items():
        if fname in files:
            out_files[fname] = _table_cells(table, files[fname], f"{label}, sheet {table}", names, problems)
    return out_files


def _table_cells(table: str, data: bytes, where: str, names, problems: list[Problem]) -> bytes:
    header, rows = _rows(data)
    key = KEY_COLUMNS_ZH.get(table, ("",))[0]
    for line, row in enumerate(rows, start=2):
        cells = dict(zip(header, row, strict=False))
        for column, text in cells.items():
            text = text.strip()
            if not text or column == key:
                continue
            try:
                new = _cell(table, column, text, cells, names)
            except ValueError as exc:
                problems.append(Problem(where, line, column, str(exc)))
                continue
            row[header.index(column)] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _cell(table, column, text, cells, names) -> str:
    indicators = names["indicator"]
    if column in ("indicator", "total"):
        return indicators.get(text, text)
    if column == "parts":
        return "+".join(indicators.get(p.strip(), p.strip()) for p in re.split(r"[+＋]", text))
    if column == "source":
        return names["source"].get(text, text)
    if column in _CODES:
        return _CODES[column].get(text, text)
    if column in ("period", "total_period"):
        return typed_period(text)
    if table == "observations" and column in ("value", *SIGNED):
        code = indicators.get(cells.get("indicator", "").strip(), cells.get("indicator", "").strip())
        return typed_number(text, names["unit"].get(code, ""), signed=column in SIGNED)
    return text


def merged_problems(reader: list[Problem], validation: list[Problem]) -> list[Problem]:
    """The reader's problems, then the validation's, without a second problem on a cell the
    reader already named (`label, sheet observations` row 5 `period` and
    `label/observations.csv` line 5 `period` are the same cell)."""
    tables = {fname: name for name, fname in schema.FILES.items()}

    def cell(p: Problem):
        file = (
            p.file.split(", sheet ", 1)[1] if ", sheet " in p.file else tables.get(p.file.rsplit("/", 1)[-1])
        )
        return (file, p.line, p.column) if p.line is not None and p.column else None

    named = {cell(p) for p in reader} - {None}
    return [*reader, *(p for p in validation if cell(p) is None or cell(p) not in named)]


assert set(ALIASES.values()) <= set(COLUMNS_ZH)
