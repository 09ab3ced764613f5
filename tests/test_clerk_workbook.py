"""The workbook a clerk fills (issue 27, part 1): Chinese sheets and headers over a hidden row of
codes, 填写说明, dropdowns, derived rows locked; periods and numbers as a clerk types them; and the
bad inputs of the issue, each read or refused with the sheet, row and column named in Chinese."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import openpyxl
import pytest

import metrics
from admin import strings as S
from metrics import clerkbook as cb
from metrics import upload
from metrics import workbook as wb
from metrics.clerk import KEY_COLUMNS_ZH, KINDS_ZH, VALUES_ZH, column_zh, table_zh
from metrics.dataset import DATA_DIR
from metrics.periods import typed_period

LABEL = "clerk.xlsx"
DATA = table_zh("observations")  # 数据


@pytest.fixture(scope="module")
def files():
    return wb.canonical_files(wb.read_directory(DATA_DIR))


@pytest.fixture(scope="module")
def book_bytes(files):
    return cb.clerk_workbook(files, [("版本", "1")])


def reread(data: bytes, files) -> tuple[dict, list]:
    """What the workbook reads as (canonical), with the reader's problems."""
    read, problems = wb.read_workbook(data, LABEL)
    return wb.canonical_files({**files, **read}), problems


def edit(data: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def observations(files_: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files_["observations.csv"].decode())))


def zh_problems(problems) -> list[tuple[str, str, str, str]]:
    return [(*S.where(p, LABEL, "zh"), S.message(p.message, "zh")) for p in problems]


def first_free_row(sheet) -> int:
    return next(r for r in range(3, sheet.max_row + 2) if sheet.cell(r, 1).value is None)


def add_row(data: bytes, **cells) -> bytes:
    """A row typed into the 数据 sheet by Chinese column name (the clerk's way)."""

    def change(book):
        sheet = book[DATA]
        header = [c.value for c in sheet[1]]
        r = first_free_row(sheet)
        for name, value in cells.items():
            sheet.cell(r, header.index(name) + 1, value)

    return edit(data, change)


def test_the_clerks_workbook_is_chinese_and_reads_back_unchanged(book_bytes, files):
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    assert book.sheetnames[0] == cb.GUIDE
    assert [table_zh(t) for t in metrics.schema.FILES] == [s for s in book.sheetnames[1:] if s != cb.LISTS]
    sheet = book[DATA]
    header = [c.value for c in sheet[1]]
    codes = [c.value for c in sheet[2]]
    assert header[:3] == ["指标", "时期", "数值"] and "同比增长(%)" in header and "原文" in header
    assert sheet.row_dimensions[2].hidden and codes[: len(metrics.schema.COLUMNS["observations"])] == list(
        metrics.schema.COLUMNS["observations"]
    )
    # what the clerk sees on 数据 holds no indicator, source or kind code
    ds = metrics.load()
    visible = {
        sheet.cell(r, c).value
        for r in range(3, sheet.max_row + 1)
        for c in range(1, len(codes) + 1)
        if not sheet.column_dimensions[sheet.cell(1, c).column_letter].hidden
    }
    assert not visible & set(ds.indicators["indicator"]) and not visible & set(ds.sources["source"])
    assert not visible & {"reported", "derived"} and "财政总收入" in visible and "2019年上半年" in visible
    # untouched, it reads back to the same files
    again, problems = reread(book_bytes, files)
    assert problems == [] and wb.checksum(again) == wb.checksum(files)


def test_dropdowns_offer_names_periods_kinds_and_sources(book_bytes):
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    sheet, lists = book[DATA], book[cb.LISTS]
    assert lists.sheet_state == "hidden"
    codes = [c.value for c in sheet[2]]
    by_column = {}
    for dv in sheet.data_validations.dataValidation:
        column = codes[
            openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", str(dv.sqref)).group()) - 1
        ]
        letter = re.search(r"\$([A-Z]+)\$2", dv.formula1).group(1)
        by_column[column] = [c.value for c in lists[letter][1:] if c.value is not None]
    ds = metrics.load()
    assert by_column["indicator"] == list(dict.fromkeys(ds.indicators["name_zh"]))
    assert by_column["kind"] == list(KINDS_ZH.values())
    assert by_column["source"] == list(ds.sources["title"])
    newest = max(int(p[:4]) for p in ds.observations["period"])
    assert f"{newest + 1}年" in by_column["period"] and "2019年上半年" in by_column["period"]


def test_derived_rows_are_locked_and_the_clerks_rows_are_not(book_bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(book_bytes))[DATA]
    assert sheet.protection.sheet
    kinds = [sheet.cell(r, 7).value for r in range(3, sheet.max_row + 1)]
    first_derived = kinds.index(KINDS_ZH["derived"]) + 3
    assert all(k == KINDS_ZH["derived"] for k in kinds[first_derived - 3 :] if k)  # derived rows last
    assert sheet.cell(first_derived, 3).protection.locked
    assert not sheet.cell(3, 3).protection.locked  # a reported row
    assert not sheet.cell(first_free_row(sheet), 1).protection.locked  # a spare row for new figures
    assert sheet.cell(first_derived, len(sheet[2])).value.count("(") >= 1  # 公式说明 in words


def test_the_guide_sheet_explains_each_column_and_publishing(book_bytes):
    guide = openpyxl.load_workbook(io.BytesIO(book_bytes))[cb.GUIDE]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    for code in ("indicator", "period", "value", "yoy_pct", "change", "kind", "source", "source_quote"):
        assert column_zh(code) in text
    assert "2019年上半年" in text and "下降5.3%" in text and "发布" in text and "重算" in text


@pytest.mark.parametrize(
    "typed, code",
    [
        ("2019年", "2019"),
        ("2019年上半年", "2019H1"),
        ("2019年1-6月", "2019H1"),
        ("2019年第一季度", "2019Q1"),
        ("2019年9月", "2019-09"),
        ("2019.6", "2019-06"),
        ("２０１９年", "2019"),
        ("2019年7-9月", "2019Q3"),
        ("2019H2", "2019H2"),
    ],
)
def test_periods_are_read_as_a_clerk_types_them(book_bytes, files, typed, code):
    data = add_row(book_bytes, 指标="财政总收入", 时期=typed, 数值=50.1, 类型="原文数据")
    read, problems = wb.read_workbook(data, LABEL)
    assert problems == []
    row = observations(read)[-1]
    assert (row["indicator"], row["period"], row["kind"]) == ("fiscal_revenue", code, "reported")
    assert typed_period(typed) == code


def test_a_period_typed_as_a_date_by_excel_is_its_month(book_bytes):
    import datetime as dt

    data = add_row(book_bytes, 指标="财政总收入", 时期=dt.datetime(2019, 9, 1), 数值=50.1)
    read, problems = wb.read_workbook(data, LABEL)
    assert problems == [] and observations(read)[-1]["period"] == "2019-09"


@pytest.mark.parametrize(
    "typed, said",
    [
        ("2019年1-9月", "不是全年、半年或季度"),
        ("19年", "无法识别:请写成 2019年"),
        (2019.1, "分不清是1月还是10月"),
    ],
)
def test_a_period_that_cannot_be_read_says_what_to_type(book_bytes, typed, said):
    data = add_row(book_bytes, 指标="财政总收入", 时期=typed, 数值=50.1, 类型="原文数据")
    sheet = openpyxl.load_workbook(io.BytesIO(data))[DATA]
    row = first_free_row(sheet) - 1
    _read, problems = wb.read_workbook(data, LABEL)
    [(where, line, column, message)] = zh_problems(problems)
    assert (where, line, column) == (f"工作表「{DATA}」", f"第 {row} 行", "时期")
    assert said in message and not re.search(r"[A-Za-z]{3,}", message)


@pytest.mark.parametrize(
    "typed, read_as",
    [("３０５", "305"), ("1,358", "1358"), ("1，358", "1358"), ("46.73亿元", "46.73"), (" 46.73 ", "46.73")],
)
def test_numbers_as_typed_are_read(book_bytes, typed, read_as):
    data = add_row(book_bytes, 指标="财政总收入", 时期="2020年", 数值=typed, 类型="原文数据")
    read, problems = wb.read_workbook(data, LABEL)
    assert problems == [] and observations(read)[-1]["value"] == read_as


@pytest.mark.parametrize("typed, read_as", [("下降5.3%", "-5.3"), ("增长13.1%", "13.1"), ("-5.3", "-5.3")])
def test_growth_typed_with_its_direction_is_read(book_bytes, typed, read_as):
    data = add_row(
        book_bytes, 指标="财政总收入", 时期="2020年", 数值=50, 类型="原文数据", **{"同比增长(%)": typed}
    )
    read, problems = wb.read_workbook(data, LABEL)
    assert problems == [] and observations(read)[-1]["yoy_pct"] == read_as


def test_a_number_in_another_unit_is_refused_with_its_cell_named(book_bytes):
    data = add_row(book_bytes, 指标="财政总收入", 时期="2020年", 数值="4673万元", 类型="原文数据")
    row = first_free_row(openpyxl.load_workbook(io.BytesIO(data))[DATA]) - 1
    _read, problems = wb.read_workbook(data, LABEL)
    [(where, line, column, message)] = zh_problems(problems)
    assert (where, line, column) == (f"工作表「{DATA}」", f"第 {row} 行", "数值")
    assert "万元" in message and "亿元" in message and "只填数字" in message


def test_the_old_english_layout_still_reads(files):
    from metrics import exports as mx

    old = mx.xlsx_bytes(mx.dataset_sheets(metrics.load()))
    again, problems = reread(old, files)
    assert problems == [] and wb.checksum(again) == wb.checksum(files)


def chinese_only(data: bytes, order=None) -> bytes:
    """The 数据 sheet without its codes row, its columns in `order` (a clerk's own sheet)."""

    def change(book):
        sheet = book[DATA]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        rows = [rows[0]] + [r for r in rows[2:] if any(v is not None for v in r)]
        order_ = order or list(range(len(rows[0])))
        book.remove(sheet)
        new = book.create_sheet(DATA, 1)
        for r in rows:
            new.append([r[i] for i in order_])

    return edit(data, change)


def test_chinese_headers_in_another_order_without_codes_are_read(book_bytes, files):
    width = len(openpyxl.load_workbook(io.BytesIO(book_bytes))[DATA][1])
    shuffled = chinese_only(book_bytes, order=list(reversed(range(width))))
    again, problems = reread(shuffled, files)
    assert problems == [] and again["observations.csv"] == files["observations.csv"]


def test_merged_header_cells_are_read_or_refused_clearly(book_bytes, files):
    # over the codes row, a merged header changes nothing
    merged = edit(book_bytes, lambda b: b[DATA].merge_cells("E1:F1"))
    again, problems = reread(merged, files)
    assert problems == [] and wb.checksum(again) == wb.checksum(files)
    # without it, a column under a merged header has no name: refused, its column named
    bare = edit(chinese_only(book_bytes), lambda b: b[DATA].merge_cells("E1:F1"))
    _read, problems = wb.read_workbook(bare, LABEL)
    said = zh_problems(problems)
    assert said and all(w == f"工作表「{DATA}」" and "第 6 列有内容但没有列名" in m for w, _r, _c, m in said)


def test_an_extra_column_is_ignored_with_a_note(book_bytes, files):
    def change(book):
        sheet = book[DATA]
        col = len(sheet[2]) + 1
        sheet.cell(1, col, "备注")
        sheet.cell(3, col, "已电话核实")

    up = upload.read_upload(edit(book_bytes, change), LABEL, files)
    assert up.problems == []
    from store.versions import validate_files

    read = validate_files(up.files, LABEL)
    notes = [(*S.where(w, LABEL, "zh"), S.message(w.message, "zh")) for w in read.warnings]
    assert (f"工作表「{DATA}」", "第 1 行", "备注", "多余的列(已忽略)") in notes


def test_an_empty_row_in_the_middle_is_skipped_and_rows_keep_their_numbers(book_bytes, files):
    def change(book):
        sheet = book[DATA]
        sheet.insert_rows(10)
        sheet.cell(12, 10).value = "这句原文不在来源里"  # row 11 before the insert

    data = edit(book_bytes, change)
    read, problems = wb.read_workbook(data, LABEL)
    assert problems == []
    from metrics import DataError
    from store.versions import validate_files

    with pytest.raises(DataError) as err:
        validate_files({**files, **read}, LABEL)
    said = [(*S.where(p, LABEL, "zh"), S.message(p.message, "zh")) for p in err.value.problems]
    assert [s[:3] for s in said] == [(f"工作表「{DATA}」", "第 12 行", "原文")]


@pytest.mark.parametrize("suffix", [".xls", ".et", ".ods", ".xlsb"])
def test_other_formats_are_refused_with_how_to_save_as_xlsx(suffix, book_bytes, files):
    up = upload.read_upload(b"\xd0\xcf\x11\xe0" + b"\0" * 512, f"数据{suffix}", files)
    [(where, _r, _c, message)] = zh_problems(up.problems)
    assert where == f"数据{suffix}" and "另存为" in message and "WPS" in message and "Excel" in message
    assert suffix in message


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def soffice(path, to: str):
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{path.parent}/lo", "--convert-to", to,
         "--outdir", str(path.parent / to.split(":")[0]), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return path.parent / to.split(":")[0] / f"{path.stem}.{to.split(':')[0]}"


@pytest.mark.integration
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian: libreoffice-calc-nogui) is not installed")
def test_libreoffice_files_resaved_xlsx_reads_unchanged_and_xls_ods_are_refused(book_bytes, files, tmp_path):
    path = tmp_path / "clerk.xlsx"
    path.write_bytes(book_bytes)
    resaved = soffice(path, "xlsx:Calc MS Excel 2007 XML")
    again, problems = reread(resaved.read_bytes(), files)
    assert problems == [] and wb.checksum(again) == wb.checksum(files)  # "no changes"
    for to in ("xls", "ods"):
        made = soffice(path, to)
        for name in (made.name, "数据.xlsx"):  # by its name, and by its content under an .xlsx name
            up = upload.read_upload(made.read_bytes(), name, files)
            [(_w, _r, _c, message)] = zh_problems(up.problems)
            assert "另存为 .xlsx" in message, (to, name, message)


OTHER_SHEETS = [t for t in metrics.schema.FILES if t != "observations"]


def visible_cells(sheet, skip: str = "") -> dict[str, set]:
    """Column code -> the values a clerk sees under it (rows 3 on), `skip` left out."""
    codes = [c.value for c in sheet[2]]
    seen: dict[str, set] = {}
    for r in range(3, sheet.max_row + 1):
        for c, code in enumerate(codes, start=1):
            value = sheet.cell(r, c).value
            if code != skip and value not in (None, ""):
                seen.setdefault(code, set()).add(value)
    return seen


def test_the_other_sheets_show_chinese_not_codes(book_bytes):
    """指标, 来源, 产业链环节, 产业链企业, 专项行动, 大事记 and 核对关系 show names, titles and the
    Chinese of each closed list; only a row's own code column (指标代码 …) keeps a code."""

    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    ds = metrics.load()
    indicator_codes, source_ids = set(ds.indicators["indicator"]), set(ds.sources["source"])
    closed = {code for words in VALUES_ZH.values() for code in words}
    for table in OTHER_SHEETS:
        sheet = book[table_zh(table)]
        key, key_header = KEY_COLUMNS_ZH.get(table, ("", ""))
        header = dict(zip([c.value for c in sheet[2]], [c.value for c in sheet[1]], strict=True))
        assert sheet.row_dimensions[2].hidden and (not key or header[key] == key_header)
        for column, values in visible_cells(sheet, skip=key).items():
            if column in VALUES_ZH:
                assert values <= set(VALUES_ZH[column].values()), (table, column, values - closed)
            if column == "parts":
                values = {p for v in values for p in v.split("+")}
            assert not values & (indicator_codes | source_ids), (table, column, values & indicator_codes)
    seen = visible_cells(book[table_zh("chain_stages")])
    assert seen["chain"] == {"新能源汽车", "电子信息", "稀土新材料"} and seen["plan"] <= {"现有", "规划"}
    assert "财政总收入" in visible_cells(book[table_zh("relations")])["total"]
    assert {"年", "月"} <= visible_cells(book[table_zh("timeline")])["precision"]


def test_the_other_sheets_have_dropdowns_of_their_closed_lists(book_bytes):
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    sheet, lists = book[table_zh("timeline")], book[cb.LISTS]
    codes = [c.value for c in sheet[2]]
    by_column = {}
    for dv in sheet.data_validations.dataValidation:
        column = codes[
            openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", str(dv.sqref)).group()) - 1
        ]
        letter = re.search(r"\$([A-Z]+)\$2", dv.formula1).group(1)
        by_column[column] = ([c.value for c in lists[letter][1:] if c.value is not None], dv.errorStyle)
    assert by_column["precision"] == (["日", "月", "年"], "stop")
    assert "科技创新" in by_column["domain"][0] and by_column["source"][0] == list(
        metrics.load().sources["title"]
    )
    assert "source" not in {  # a row's own code is typed, never picked
        codes[openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", str(dv.sqref)).group()) - 1]
        for dv in book[table_zh("sources")].data_validations.dataValidation
    }


def test_a_row_typed_in_chinese_on_another_sheet_reads_as_codes(book_bytes, files):
    """A clerk adds an event to 大事记 with the dropdowns' words; it reads as the codes."""
    title = metrics.load().sources["title"].iloc[0]

    def change(book):
        sheet = book[table_zh("timeline")]
        header = [c.value for c in sheet[1]]
        r = first_free_row(sheet)
        for name, value in {
            "日期": "2019-10",
            "日期精度": "月",
            "事件": "新事件",
            "英文事件": "A new event",
            "领域": "科技创新",
            "来源": title,
            "原文": "新事件",
        }.items():
            sheet.cell(r, header.index(name) + 1, value)

    read, problems = wb.read_workbook(edit(book_bytes, change), LABEL)
    assert problems == []
    rows = list(csv.DictReader(io.StringIO(read["timeline.csv"].decode())))
    assert {k: rows[-1][k] for k in ("precision", "domain", "source")} == {
        "precision": "month",
        "domain": "innovation",
        "source": metrics.load().sources["source"].iloc[0],
    }


def test_a_workbook_downloaded_before_with_codes_on_the_other_sheets_reads_back_unchanged(book_bytes, files):
    """The clerk's workbook as written before the other sheets were in Chinese (codes in their
    cells) still reads to the same files: a download of then stays publishable."""

    def codes_back(book):
        for table in OTHER_SHEETS:
            sheet = book[table_zh(table)]
            header, rows = cb._rows(files[metrics.schema.FILES[table]])
            for r, row in enumerate(rows, start=3):
                for c, (column, text) in enumerate(zip(header, row, strict=True), start=1):
                    if column in {*VALUES_ZH, "source", "total", "parts", "total_period"}:
                        sheet.cell(r, c, text or None)
            assert visible_cells(sheet).get("source", set()) <= set(metrics.load().sources["source"])

    again, problems = reread(edit(book_bytes, codes_back), files)
    assert problems == [] and wb.checksum(again) == wb.checksum(files)
