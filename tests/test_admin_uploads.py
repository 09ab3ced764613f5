"""Bad uploads (issue 17): each gets a named, clear message and nothing is published. Mostly at
the pure layer (`metrics.upload` + the store's validation), then the same files through /admin."""

from __future__ import annotations

import io
import zipfile
import zlib

import openpyxl
import pytest
from admin_support import EDITOR, PASSWORD, column, edited, find_row, make_app, sign_in, upload
from store_support import NEW_DOCUMENT, NEW_QUOTE, NEW_SOURCE

import store
import store.versions
from metrics import DataError
from metrics import upload as mu
from metrics import workbook as wb

CHUNK = b"\0" * (1 << 20)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = store.make_engine(f"sqlite:///{tmp_path_factory.mktemp('uploads') / 'getdz.sqlite3'}")
    store.migrate(engine)
    store.seed(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def current(engine):
    return store.version_files(engine, 1)


@pytest.fixture(scope="module")
def workbook(engine):
    return store.export_workbook(engine, 1)


def problems_of(data: bytes, name: str, current, documents=None) -> list[str]:
    """Every problem an upload gets (reading, then validation), as text."""
    up = mu.read_upload(data, name, current, documents)
    found = list(up.problems)
    if up.files:  # as /admin does: every validation problem too
        try:
            store.versions.validate_files(up.files, name)
        except DataError as err:
            found += err.problems
    return [str(p) for p in found]


# ---------------------------------------------------------------- bad workbooks


def wrong_sheet_name(book):
    book["observations"].title = "观测数据"


def missing_column(book):
    sheet = book["observations"]
    sheet.delete_cols(column(sheet, "value"))


def text_in_number(book):
    sheet = book["observations"]
    sheet.cell(
        find_row(sheet, indicator="industrial_revenue", period="2018"), column(sheet, "value"), "677.5左右"
    )


def quote_not_in_document(book):
    book["sources"].append([NEW_SOURCE, "快报", "赣州经开区统计局", "2020-01-20", None, NEW_DOCUMENT])
    book["observations"].append(
        [
            "industrial_revenue",
            "2019",
            720.1,
            None,
            None,
            None,
            "reported",
            None,
            NEW_SOURCE,
            "全区收入720.1亿元",
        ]
    )


def duplicate_key(book):
    sheet = book["observations"]
    sheet.append([c.value for c in sheet[2]])


def formula_without_value(book):
    sheet = book["observations"]
    sheet.cell(
        find_row(sheet, indicator="industrial_revenue", period="2018"), column(sheet, "value"), "=600+77.5"
    )


DOCUMENT = {"tjj-2019-annual.md": f"# 快报\n\n{NEW_QUOTE}。\n".encode()}

CASES = {
    "wrong sheet names": (
        wrong_sheet_name,
        ["sheet 观测数据: unexpected sheet name", "sheet observations: sheet missing"],
    ),
    "a missing column": (missing_column, ["observations.csv:1: column 'value': missing required column"]),
    "text in a number cell": (
        text_in_number,
        ["observations.csv:2: column 'value': not a number: '677.5左右'"],
    ),
    "a quote not in its document": (
        quote_not_in_document,
        ["quote not found verbatim in source 'tjj-report-2019'"],
    ),
    "duplicate keys": (
        duplicate_key,
        ["duplicate observation for (industrial_revenue, 2018) (first on line 2)"],
    ),
    "a formula without a cached value": (
        formula_without_value,
        ["sheet observations:2: column 'value': formula"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_workbook_is_refused_with_the_place_named(case, workbook, current):
    change, expected = CASES[case]
    documents = DOCUMENT if case == "a quote not in its document" else None
    found = problems_of(edited(workbook, change), "dataset.xlsx", current, documents)
    for text in expected:
        assert any(text in p for p in found), (text, found)


def test_an_empty_workbook(current, workbook):
    blank = io.BytesIO()
    openpyxl.Workbook().save(blank)
    [problem] = problems_of(blank.getvalue(), "dataset.xlsx", current)
    assert "none of the sheets sources, indicators" in problem and "found: Sheet" in problem

    def empty_sheets(book):
        for name in book.sheetnames:
            book[name].delete_rows(1, book[name].max_row)

    found = problems_of(edited(workbook, empty_sheets), "dataset.xlsx", current)
    assert any("the workbook is empty" in p for p in found)


def test_a_50_mb_file(current):
    [problem] = problems_of(b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), "dataset.xlsx", current)
    assert "over 10 MB" in problem


class _RepeatedZeros:
    """A deflate compressor for a stream of identical 1 MB zero chunks: after a full flush each
    chunk compresses to the same bytes, computed once (deflating gigabytes would take minutes)."""

    def __init__(self, *_args, **_kwargs):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        c.compress(CHUNK)
        c.flush(zlib.Z_FULL_FLUSH)
        self.block = c.compress(CHUNK) + c.flush(zlib.Z_FULL_FLUSH)
        self.final = c.flush()

    def compress(self, data: bytes) -> bytes:
        assert data == CHUNK
        return self.block

    def flush(self) -> bytes:
        return self.final


def zip_bomb(megabytes: int, monkeypatch) -> bytes:
    """An .xlsx-shaped zip whose sheet inflates to `megabytes` MB of zeros; built in memory in
    under a second (a valid deflate stream: `zipfile` reads a small one back)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="observations"/></sheets></workbook>')
        with monkeypatch.context() as mp:
            mp.setattr(zipfile, "_get_compressor", _RepeatedZeros)
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                for _ in range(megabytes):
                    f.write(CHUNK)
    return out.getvalue()


def test_the_zip_bomb_helper_builds_a_real_deflate_stream(monkeypatch):
    small = zip_bomb(3, monkeypatch)
    with zipfile.ZipFile(io.BytesIO(small)) as z:
        assert z.read("xl/worksheets/sheet1.xml") == CHUNK * 3


def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(current, monkeypatch):
    bomb = zip_bomb(3 * 1024, monkeypatch)  # 3 GB inflated
    assert len(bomb) < 4 * 1024 * 1024
    import tracemalloc

    tracemalloc.start()
    try:
        [problem] = problems_of(bomb, "dataset.xlsx", current)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "3,072 MB uncompressed" in problem and "zip bomb" in problem
    assert peak < 64 * 1024 * 1024  # nothing was inflated


def with_macro(workbook: bytes) -> bytes:
    """The workbook turned into an .xlsm: a vbaProject.bin part and the macro-enabled type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
                    b"<Types", b'<Types><Default Extension="bin" ContentType="vbaProject"/>', 1
                )
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def test_a_workbook_with_a_macro(workbook, current):
    macro = with_macro(workbook)
    for name in ("dataset.xlsm", "dataset.xlsx"):
        [problem] = problems_of(macro, name, current)
        assert "macros" in problem


def test_a_non_spreadsheet_renamed_xlsx(current):
    cases = {
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n": "a PDF document",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR": "a PNG image",
        "指标,时期\n工业,2019\n".encode(): "not a spreadsheet",
        b"PK\x05\x06" + b"\0" * 18: "a zip archive without a workbook inside",
    }
    for data, what in cases.items():
        [problem] = problems_of(data, "dataset.xlsx", current)
        assert "not an XLSX workbook" in problem and what in problem, problem
    # an old .xls (OLE2) under an .xlsx name: named for what it is, with how to save it as .xlsx
    [problem] = problems_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "dataset.xlsx", current)
    assert ".xls spreadsheet is not read: save it as .xlsx" in problem, problem


def test_a_gbk_csv_for_one_table_is_accepted(current):
    gbk = current["observations.csv"].decode("utf-8").encode("gbk")
    up = mu.read_upload(gbk, "observations.csv", current)
    assert up.problems == [] and up.kind == "csv"
    assert any("GB18030" in str(w) for w in up.warnings)
    dataset = store.versions.validate_files(up.files, "upload")
    assert len(dataset.observations) > 100
    assert wb.checksum(wb.canonical_files(up.files)) == wb.checksum(current)  # same content, in UTF-8


def test_a_csv_must_be_named_after_its_table(current):
    [problem] = problems_of(b"a,b\n1,2\n", "数据.csv", current)
    assert "named after its table" in problem


def test_an_uploaded_document_no_source_names(workbook, current):
    found = problems_of(workbook, "dataset.xlsx", current, {"stray.md": b"text"})
    assert any("no source names this document" in p for p in found)


# ---------------------------------------------------------------- through /admin


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        dash_app, engine, holder = make_app(f"sqlite:///{tmp_path_factory.mktemp('a') / 'x.sqlite3'}", mp)
        client = dash_app.server.test_client()
        assert sign_in(client, EDITOR, PASSWORD).status_code == 303
        yield client, engine
        holder.stop()


@pytest.mark.integration
def test_bad_uploads_through_admin_change_nothing(admin, workbook, monkeypatch):
    client, engine = admin
    before = store.list_versions(engine)
    cases = [
        (edited(workbook, wrong_sheet_name), "dataset.xlsx", "工作表名称不对"),
        (edited(workbook, missing_column), "dataset.xlsx", "缺少必需的列"),
        (edited(workbook, text_in_number), "dataset.xlsx", "不是数字:&#39;677.5左右&#39;"),
        (edited(workbook, duplicate_key), "dataset.xlsx", "重复的数据 (industrial_revenue, 2018)"),
        (
            edited(workbook, formula_without_value),
            "dataset.xlsx",
            "公式 &#39;=600+77.5&#39; 没有保存的计算结果",
        ),
        (zip_bomb(2048, monkeypatch), "dataset.xlsx", "压缩炸弹"),
        (with_macro(workbook), "dataset.xlsm", "含有宏"),
        (b"%PDF-1.4\n", "dataset.xlsx", "不是 XLSX 工作簿:该文件是 PDF 文档"),
    ]
    for data, name, message in cases:
        r = upload(client, name, data)
        page = r.get_data(as_text=True)
        assert r.status_code == 422, (name, message, r.status_code)
        assert message in page, (message, page[page.find("admin-problem") :][:600])
        assert 'disabled id="admin-publish-button"' in page
    # the row and column are named as an editor sees them
    page = upload(client, "dataset.xlsx", edited(workbook, text_in_number)).get_data(as_text=True)
    assert "<td>工作表「数据」</td><td>第 2 行</td><td>数值</td>" in page
    assert store.list_versions(engine) == before


@pytest.mark.integration
def test_a_gbk_csv_through_admin_is_previewed(admin, current):
    client, engine = admin
    # a derived value printed to one decimal less (still within its formula's rounding)
    rows = (
        current["observations.csv"]
        .decode("utf-8")
        .replace("industrial_revenue,2017,566.71,", "industrial_revenue,2017,566.7,")
    )
    r = upload(client, "observations.csv", rows.encode("gbk"))
    assert r.status_code == 303
    page = client.get(r.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "GB18030" in page and 'id="admin-no-problems"' in page
    assert "<td>566.71</td><td>566.7</td><td>-0.0%</td>" in page  # old -> new with the change in %
    assert "1 row(s) changed" in page


def test_file_names_from_the_browser_are_made_harmless():
    assert mu.safe_name("../../etc/dataset.xlsx") == "dataset.xlsx"
    assert mu.safe_name("C:\\Users\\wang\\数据.xlsx") == "数据.xlsx"
    for bad in ("..", ".", "", "\x00", "../.."):
        assert mu.safe_name(bad) == ""
    assert mu.safe_name(".hidden.csv") == "hidden.csv"
    assert "\n" not in mu.safe_name("a\nb.xlsx")


@pytest.mark.integration
def test_an_upload_named_dot_dot_writes_nothing_outside_its_directory(admin, workbook, tmp_path):
    client, engine = admin
    r = upload(client, "..", workbook)
    assert r.status_code == 422 and "xlsx" in r.get_data(as_text=True)
    r = upload(client, "../observations.csv", b"indicator\n")
    assert r.status_code == 422
