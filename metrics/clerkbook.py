"""The workbook a clerk fills (`/admin` and `python -m metrics export`): a 填写说明 sheet first, then
each table under its Chinese name, Chinese column headers over a hidden row of the codes the app
reads, dropdowns for 指标 (by Chinese name), 时期, 类型, 来源 and 约数词 (lists on a hidden 选项
sheet), and the derived rows at the end of 数据, grey and locked (the sheet is protected without a
password; every other row and 500 empty ones stay editable): publishing recomputes them.

On every sheet the clerk sees names, not codes: 财政总收入 for fiscal_revenue, 2019年上半年 for
2019H1, 原文数据 / 推算, the source's title, 近 / 多 / 约 / 前, 新能源汽车, 企业, 是 / 否 (`clerk.VALUES_ZH`,
with dropdowns); only a row's own code column (指标代码, 来源代码 …) keeps its code. `metrics.workbook`
reads them back (`clerkcells`; and the codes of a workbook downloaded before, too). Written from
a version's canonical files, so an untouched download reads back to the same files. Pure: the
standard library, openpyxl and this package.
"""

from __future__ import annotations

import csv
import io

from . import schema
from .clerk import KEY_COLUMNS_ZH, VALUES_ZH, column_zh, table_zh, value_zh
from .exports import formula_like
from .formula import REF
from .periods import PARTS, is_valid_period, parse_period, period_code
from .periods import label as period_label

__all__ = ["GUIDE", "LISTS", "DISPLAY_ONLY", "clerk_workbook", "formula_words", "shown"]

GUIDE = "填写说明"
LISTS = "选项"
# Columns shown to the clerk that the app does not read back (their code is not a schema column).
DISPLAY_ONLY = {"formula_zh": "公式说明"}
NUMERIC = {
    "observations": ("value", "yoy_pct", "change"),
    "campaigns": ("categories", "problems", "measures", "completed", "rate_pct"),
    "chain_stages": ("stage_order",),
}
SPARE_ROWS = 500  # empty, editable rows under the data of 数据 (with the dropdowns)
HEADER_FILL = "FFDDEBF7"
DERIVED_FILL = "FFE7E6E6"

COLUMN_HELP = (  # (column, what it means, an example): the 填写说明 sheet and each header's note
    ("indicator", "指标名称,从下拉列表中选择(新指标先在「指标」表中添加一行)", "财政总收入"),
    (
        "period",
        "数据所属时期:全年、半年、季度或月份(累计至某月的存量数据填该月)",
        "2019年 / 2019年上半年 / 2019年1-6月 / 2019年9月",
    ),
    ("value", "原文中的数值,只填数字,单位以「指标」表为准(亿元、万元、%…);可以不填但须填同比增长", "46.73"),
    ("qualifier", "原文中的约数词:近、多(余、超过)、约、前(百强);没有则留空", "近"),
    ("yoy_pct", "同比增长率(%),下降填负数或直接写“下降5.3%”", "13.1 / -5.3 / 下降5.3%"),
    ("change", "比上年(同期)增减的数量,单位同数值;比率的增减以百分点计", "7.46 / 减少1.2"),
    ("kind", "原文数据:原文中印着的数字;推算:按公式计算(灰色行,发布时自动重算,不必修改)", "原文数据"),
    ("source", "数据来源,从下拉列表中选择(新来源先在「来源」表中添加一行,并上传来源文件)", ""),
    (
        "source_quote",
        "来源文件中印着这个数字的原句,逐字复制(数值、增长率都要在句中)",
        "财政总收入46.73亿元,增长13.1%",
    ),
)


def _rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return (records[0], [r for r in records[1:] if any(r)]) if records else ([], [])


def _number(text: str):
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text and abs(value) < 2**53 else value


def formula_words(formula: str, names: dict[str, str]) -> str:
    """A formula in words: {fiscal_revenue@2018} / (1 + {fiscal_revenue@2018:yoy_pct} / 100) ->
    财政总收入(2018年) ÷ (1 + 财政总收入(2018年)同比增长(%) ÷ 100)."""

    def word(m) -> str:
        period = period_label(m.group(2)) if is_valid_period(m.group(2)) else m.group(2)
        field = "" if (m.group(3) or "value") == "value" else column_zh(m.group(3))
        return f"{names.get(m.group(1), m.group(1))}({period}){field}"

    return REF.sub(word, formula).replace("*", "×").replace("/", "÷")


def shown(table: str, column: str, text: str, names: dict[str, str], titles: dict[str, str]) -> str:
    """A cell as the clerk sees it: an indicator's or source's code as its name or title (`names`,
    `titles`: only unambiguous ones), a period as 2019年上半年, a closed list's code in Chinese;
    a row's own code (`KEY_COLUMNS_ZH`) and any other text as is."""
    if not text or KEY_COLUMNS_ZH.get(table, ("",))[0] == column:
        return text
    if column in ("indicator", "total"):
        return names.get(text, text)
    if column == "parts":
        return "+".join(names.get(p, p) for p in text.split("+"))
    if column == "source":
        return titles.get(text, text)
    if column in ("period", "total_period"):
        return period_label(text) if is_valid_period(text) else text
    return value_zh(column, text)


def _unique(pairs: dict[str, str]) -> dict[str, str]:
    """Code -> name, without names two codes share (those stay codes: read back unambiguously)."""
    counts: dict[str, int] = {}
    for name in pairs.values():
        counts[name] = counts.get(name, 0) + 1
    return {code: name for code, name in pairs.items() if counts[name] == 1 and name}


def _periods(codes) -> list[str]:
    """The 时期 dropdown: every period of the data, and the year, halves and quarters of the newest
    year and the one after (where the next figures go), newest first."""
    codes = {c for c in codes if is_valid_period(c)}
    if codes:
        newest = max(parse_period(c).start.year for c in codes)
        codes |= {period_code(year, p) for year in (newest, newest + 1) for p in PARTS}
    ordered = sorted(codes, key=lambda c: parse_period(c).sort_key, reverse=True)
    return [period_label(c) for c in ordered]


def clerk_workbook(files: dict[str, bytes], about: list[tuple[str, str]] = ()) -> bytes:
    """The clerk's workbook of a dataset's canonical files (`workbook.canonical_files`)."""
    import openpyxl

    book = openpyxl.Workbook()
    guide = book.active
    guide.title = GUIDE
    tables = {name: _rows(files[fname]) for name, fname in schema.FILES.items() if fname in files}
    ind_header, ind_rows = tables.get("indicators", ([], []))
    src_header, src_rows = tables.get("sources", ([], []))
    names = _unique({r[ind_header.index("indicator")]: r[ind_header.index("name_zh")] for r in ind_rows})
    titles = _unique({r[src_header.index("source")]: r[src_header.index("title")] for r in src_rows})
    lists = {
        "indicator": list(names.values()),
        "period": [],
        "source": list(titles.values()),
        **{column: list(words.values()) for column, words in VALUES_ZH.items()},
    }
    for name, (header, rows) in tables.items():
        sheet = book.create_sheet(table_zh(name))
        if name == "observations":
            lists["period"] = _periods(r[header.index("period")] for r in rows)
            _observations(sheet, header, rows, names, titles)
        else:
            _table(sheet, name, header, rows, names, titles)
    _lists(book.create_sheet(LISTS), lists)
    for name in tables:
        _dropdowns(book[table_zh(name)], name, lists)
    _guide(guide, about)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, codes: list[str], table: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    notes = {c: f"{what}\n例:{example}" if example else what for c, what, example in COLUMN_HELP}
    sheet.append([DISPLAY_ONLY.get(c) or column_zh(c, table) for c in codes])
    sheet.append(codes)
    sheet.row_dimensions[2].hidden = True
    for i, code in enumerate(codes, start=1):
        cell = sheet.cell(1, i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        if code in notes and sheet.title == table_zh("observations"):
            cell.comment = Comment(notes[code], "填写说明", width=320, height=110)
        width = 40 if code in ("source_quote", "formula_zh", "title", "caliber_zh") else 14
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A3"


def _put(sheet, row: int, col: int, value) -> None:
    cell = sheet.cell(row, col, value)
    if formula_like(value):  # text, never a formula (exports._as_text)
        cell.data_type = "s"
        cell.quotePrefix = True


def _table(sheet, name: str, header: list[str], rows: list[list[str]], names, titles) -> None:
    _header(sheet, header, name)
    numeric = NUMERIC.get(name, ())
    for r, row in enumerate(rows, start=3):
        for c, (code, text) in enumerate(zip(header, row, strict=False), start=1):
            text = shown(name, code, text, names, titles)
            _put(sheet, r, c, _number(text) if code in numeric and text else (text or None))


def _observations(sheet, header, rows, names, titles) -> None:
    from openpyxl.styles import PatternFill, Protection

    codes = [*header, "formula_zh"]
    _header(sheet, codes, "observations")
    sheet.column_dimensions[sheet.cell(1, header.index("formula") + 1).column_letter].hidden = True
    col = {c: i for i, c in enumerate(header)}
    ordered = sorted(rows, key=lambda r: r[col["kind"]] == "derived")  # the derived rows last
    grey = PatternFill("solid", fgColor=DERIVED_FILL)
    for r, row in enumerate(ordered, start=3):
        cells = dict(zip(header, row, strict=False))
        seen = {code: shown("observations", code, text, names, titles) for code, text in cells.items()}
        seen["formula_zh"] = formula_words(cells["formula"], names) if cells.get("formula") else ""
        derived = cells["kind"] == "derived"
        for c, code in enumerate(codes, start=1):
            text = seen.get(code, "")
            _put(sheet, r, c, _number(text) if code in NUMERIC["observations"] and text else (text or None))
            cell = sheet.cell(r, c)
            if derived:
                cell.fill = grey
            else:
                cell.protection = Protection(locked=False)
    last = len(ordered) + 2
    for r in range(last + 1, last + 1 + SPARE_ROWS):
        for c in range(1, len(codes) + 1):
            sheet.cell(r, c).protection = Protection(locked=False)
    sheet.protection.sheet = True
    for allowed in ("formatColumns", "formatRows", "insertRows", "deleteRows", "autoFilter", "sort"):
        setattr(sheet.protection, allowed, False)


def _lists(sheet, lists: dict[str, list[str]]) -> None:
    for c, (code, items) in enumerate(lists.items(), start=1):
        sheet.cell(1, c, column_zh(code))
        for r, item in enumerate(items, start=2):
            _put(sheet, r, c, item)
    sheet.sheet_state = "hidden"


def _dropdowns(sheet, table: str, lists: dict[str, list[str]]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header = [c.value for c in sheet[2]]
    last = max(sheet.max_row, 2) + (0 if table == "observations" else SPARE_ROWS)
    for i, (code, items) in enumerate(lists.items(), start=1):
        if code not in header or not items or KEY_COLUMNS_ZH.get(table, ("",))[0] == code:
            continue
        letter = get_column_letter(i)
        strict = code in VALUES_ZH  # a closed list; a new indicator, source or period may be typed
        dv = DataValidation(
            type="list",
            formula1=f"'{LISTS}'!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle=column_zh(code),
            error="请从下拉列表中选择" if strict else "不在下拉列表中:新指标或新来源请先在对应的表中添加一行",
        )
        if code == "period":
            dv.showErrorMessage = False  # 2019年1-6月, 2019.6 … are typed as well
        target = get_column_letter(header.index(code) + 1)
        dv.add(f"{target}3:{target}{last}")
        sheet.add_data_validation(dv)


GUIDE_RULES = (
    "1. 在「数据」表中填写:每行一个数字。新的一行写在已有数据下面的空行里,指标、类型、来源从下拉列表中选。",
    "2. 时期可以写成:2019年、2019年上半年、2019年1-6月、2019年第一季度、2019年9月,"
    "也可以写 2019.6(2019年6月)。",
    "3. 数值只填数字,单位以「指标」表为准;"
    "全角数字(３０５)、千分位(1,358)、数字后的本指标单位(46.73亿元)都能识别。",
    "4. 下降填负数,或照原文写“下降5.3%”“减少1.2亿元”;原文写“持平”的填 0。",
    "5. 「原文」逐字复制来源文件中的原句,句中须有所填的数值和增长率;"
    "新来源要在「来源」表加一行,并在上传时附上来源文件。",
    "6. 灰色的推算行由公式计算,不能修改:发布时会按所依据的数字自动重算,预览中列出每个重算的值(原值 → 新值)。",
    "7. 更正一个数字:改数值,同时改原文和来源(新的文件),其余不用动。",
    "8. 上传后先看预览:每个问题都写明工作表、行和列;没有问题才能发布,发布前要写发布说明。",
    "9. 一致性核对新出现未通过(如增长率与两年的数值不符)时默认不能发布;"
    "确认原文如此的,写明理由后可以发布,理由记入版本历史,看板上该数字旁会标注。",
    "10. 发布后各页面在 10 秒内显示新数据;每次发布都是一个新版本,可在「版本历史」中回滚。",
    "11. 不要修改工作表名和第 1 行的列名,也不要删除隐藏的第 2 行(程序按它读取各列)。"
    "请保存为 .xlsx(Excel 工作簿);.xls、.et、.ods 需先另存为 .xlsx。",
    "12. 其他工作表(指标、来源、大事记等)也按中文填写,可从下拉列表中选;"
    "「指标代码」「来源代码」「行动代码」「链条代码」是程序使用的代码:已有的不要修改,"
    "新增一行时用小写英文字母、数字和下划线起一个新的(如 new_indicator)。",
)


def _guide(sheet, about) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(["赣州经开区经济数据 · 数据填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["列名", "含义", "示例"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for code, what, example in COLUMN_HELP:
        sheet.append([column_zh(code), what, example])
    sheet.append([])
    sheet.append(["填写与发布"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for rule in GUIDE_RULES:
        sheet.append([rule])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3)
    if about:
        sheet.append([])
        for item, value in about:
            sheet.append([item, value])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 44
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"  # printed (or rendered) as one page wide
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protection.sheet = True
