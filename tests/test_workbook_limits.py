"""Issue 25, findings 3 and 7: one reader for every workbook (`metrics.workbook.read_workbook`, used
by /admin and `python -m metrics publish`). The zip is checked before parsing on every path; a
`<dimension>` tag is ignored (one reaching column XFD padded every row to 16,384 cells, one too
small dropped rows); rows are streamed; a damaged sheet is a named problem, never an exception
(/admin answers 422)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tracemalloc
import zipfile

import openpyxl
import pytest
from admin_support import make_app, sign_in, upload
from test_admin_uploads import zip_bomb

import store
from metrics import workbook as wb

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    engine = store.make_engine(f"sqlite:///{tmp_path_factory.mktemp('limits') / 'getdz.sqlite3'}")
    store.migrate(engine)
    store.seed(engine)
    yield store.export_workbook(engine, 1)
    engine.dispose()


def rewrite_sheet(workbook: bytes, sheet: str, change) -> bytes:
    """The workbook with one sheet's XML passed through `change(text) -> text`."""
    index = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True).sheetnames.index(sheet) + 1
    part = f"xl/worksheets/sheet{index}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, data)
    return out.getvalue()


def set_dimension(text: str, ref: str) -> str:
    if "<dimension" in text:
        return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', text, count=1)
    return text.replace("<sheetData", f'<dimension ref="{ref}"/><sheetData', 1)


def wide(text: str) -> str:
    """The issue's 73 KB workbook: a `<dimension>` and one cell reaching column XFD."""
    text = set_dimension(text, "A1:XFD2000")
    return re.sub(
        r'(<row r="2"[^>]*>.*?)(</row>)',
        r'\1<c r="XFD2" t="inlineStr"><is><t>x</t></is></c>\2',
        text,
        count=1,
        flags=re.S,
    )


def test_a_wide_dimension_is_read_at_the_schemas_width(exported):
    tracemalloc.start()
    try:
        files, problems = wb.read_workbook(rewrite_sheet(exported, "observations", wide), "wide.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (files, problems) == wb.read_workbook(exported, "wide.xlsx")
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB"


def test_a_too_small_dimension_drops_no_rows(exported):
    files, problems = wb.read_workbook(
        rewrite_sheet(exported, "observations", lambda t: set_dimension(t, "A1:B2")), "small.xlsx"
    )
    assert not problems and files == wb.read_workbook(exported, "x.xlsx")[0]
    assert files["observations.csv"].count(b"\n") > 20


LAUGHS = (
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
)


def in_row_3(cell: str):
    return lambda t: re.sub(r'(<row r="3"[^>]*>)', r"\1" + cell, t, count=1)


MALFORMED = {
    "undefined entity": in_row_3('<c r="K3" t="inlineStr"><is><t>&nope;</t></is></c>'),
    "entity amplification": lambda t: in_row_3('<c r="K3" t="inlineStr"><is><t>&h;</t></is></c>')(
        t.replace("?>", "?>" + LAUGHS, 1) if t.startswith("<?xml") else LAUGHS + t
    ),
    "truncated XML": lambda t: t[: t.find('<row r="4"') + 12],
    "bad cell reference": in_row_3('<c r="3K!" t="inlineStr"><is><t>x</t></is></c>'),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_damaged_sheet_is_a_named_problem_never_an_exception(exported, case):
    files, problems = wb.read_workbook(rewrite_sheet(exported, "observations", MALFORMED[case]), "bad.xlsx")
    named = [p for p in problems if p.file == "bad.xlsx, sheet observations" and p.line]
    assert named, [str(p) for p in problems]
    assert named[0].line <= 4, str(named[0])


def test_the_row_and_problem_caps(exported, monkeypatch):
    monkeypatch.setattr(wb, "MAX_ROWS", 10)
    files, problems = wb.read_workbook(exported, "many.xlsx")
    assert any("more than 10 rows" in p.message and p.line for p in problems), [str(p) for p in problems]
    many = [wb.Problem("x.xlsx, sheet s", n, None, "bad") for n in range(500)]
    capped = wb.capped(many)
    assert len(capped) == wb.MAX_PROBLEMS + 1 and "300 more problems" in capped[-1].message


@pytest.fixture
def admin(tmp_path, monkeypatch):
    dash_app, engine, holder = make_app(f"sqlite:///{tmp_path / 'getdz.sqlite3'}", monkeypatch)
    client = dash_app.server.test_client()
    sign_in(client)
    yield client
    holder.stop()
    engine.dispose()


def test_damaged_workbooks_through_admin_are_422_with_the_sheet_and_row_named(admin, exported):
    for case, change in MALFORMED.items():
        response = upload(admin, "dataset.xlsx", rewrite_sheet(exported, "observations", change))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, (case, response.status_code)
        # the sheet (by its Chinese name on the Chinese page) and the row where reading stopped
        named = re.search(r"<td>工作表「[^」]+」</td><td>第 [34] 行</td>", page)
        assert named, (case, page[page.find("admin-problem") :][:400])


# ---------------------------------------------------------------- the CLI, its peak memory measured


def cli_publish(path, tmp_path) -> tuple[int, str, float]:
    """`python -m metrics publish PATH` on a fresh SQLite store: exit code, output, peak RSS (MB)."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "metrics", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    code = (  # VmHWM: this process's peak RSS (ru_maxrss would carry the forking parent's over exec)
        "import re, runpy, sys; sys.argv = ['metrics', 'publish', sys.argv[1], '--note', 'x']\n"
        "try:\n    runpy.run_module('metrics', run_name='__main__')\n"
        "finally:\n    status = open('/proc/self/status').read()\n"
        "    print('PEAK_KB', re.search(r'VmHWM:\\s+(\\d+)', status).group(1))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = int(re.search(r"PEAK_KB (\d+)", done.stdout).group(1)) / 1024
    return done.returncode, done.stdout + done.stderr, peak


def test_the_cli_refuses_a_1_gb_zip_bomb_before_inflating_it(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(zip_bomb(1024, monkeypatch))
    code, out, peak = cli_publish(bomb, tmp_path)
    print(f"\n[CLI publish of a 1 GB zip bomb] peak RSS {peak:.0f} MB")
    assert code == 1 and "压缩炸弹" in out and "bomb.xlsx" in out, out[-500:]
    assert peak <= 300, peak


def test_the_cli_reads_a_wide_workbook_with_a_bounded_rss(tmp_path, exported):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(rewrite_sheet(exported, "observations", wide))
    code, out, peak = cli_publish(path, tmp_path)
    print(f"\n[CLI publish of a wide-dimension workbook] peak RSS {peak:.0f} MB")
    assert code == 0 and "无变化" in out, out[-500:]
    assert peak <= 300, peak
