"""Issue 27's clerk, in Chinese, in headless Chromium on a real PostgreSQL: downloads the workbook
from /admin, fills a 2019 全年 row with the dropdowns' values (typed as text with openpyxl, as Excel
or WPS would store a choice), corrects 2018 财政总收入 from a new document, uploads, sees each
recomputed derived value old -> new in the preview, publishes; then a figure that fails its growth
check: blocked, published with a written reason, and flagged with that reason on `/`.

Set GETDZ_SCREENSHOTS=docs to save docs/clerk-preview.png and, when LibreOffice and poppler are
installed, docs/clerk-guide.png (the workbook's 填写说明 as Calc prints it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
from admin_support import EDITOR, PASSWORD, make_app
from conftest import LiveServer

import store
from metrics import clerkbook as cb
from metrics.clerk import column_zh, table_zh
from metrics.formula import evaluate

REPORT, REPORT_FILE = "赣州经开区2019年统计快报", "sources/tjj-2019-annual.md"
FINAL, FINAL_FILE = "赣州经开区2018年财政决算", "sources/czj-2018-final.md"
REVENUE_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元,增长6.3%"
FALL_QUOTE = "2019年,全区规模以上工业主营业务收入720.1亿元,下降4%"
FISCAL_QUOTE = "2018年财政总收入46.73亿元,增长13.1%"
REASON = "统计局快报原文如此,已电话核实:2018年基数按新口径调整"


def choices(book) -> dict[str, list[str]]:
    """The dropdowns' lists (the hidden 选项 sheet), by the column they serve."""
    lists = book[cb.LISTS]
    return {
        col[0].value: [c.value for c in col[1:] if c.value is not None]
        for col in lists.iter_cols()
        if col[0].value
    }


def fill(workbook: bytes, dataset, growth: str, quote: str, correct: bool) -> bytes:
    """The clerk's edit on the downloaded workbook, by Chinese column names."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet, sources = book[table_zh("observations")], book[table_zh("sources")]
    header = [c.value for c in sheet[1]]
    at = {name: header.index(name) + 1 for name in header if name}
    lists = choices(book)
    names = dataset.indicators.set_index("indicator")["name_zh"]
    revenue = next(n for n in lists[column_zh("indicator")] if n == names["industrial_revenue"])
    year = next(p for p in lists[column_zh("period")] if p == "2019年")
    reported = lists[column_zh("kind")][0]  # 原文数据
    titles = [c.value for c in sources["B"][2:]]
    if REPORT not in titles:
        sources.append(["tjj-report-2019", REPORT, "赣州经开区统计局", "2020-01-20", None, REPORT_FILE])
    if correct:
        sources.append(["czj-2018-final", FINAL, "赣州经开区财政局", "2019-03-01", None, FINAL_FILE])
    rows = {
        (sheet.cell(r, at["指标"]).value, sheet.cell(r, at["时期"]).value): r
        for r in range(3, sheet.max_row + 1)
    }
    r = rows.get((revenue, year)) or next(
        r for r in range(3, sheet.max_row + 2) if sheet.cell(r, 1).value is None
    )
    for column, value in (
        ("指标", revenue),
        ("时期", year),
        ("数值", "720.1"),
        ("同比增长(%)", growth),
        ("类型", reported),
        ("来源", REPORT),
        ("原文", quote),
    ):
        sheet.cell(r, at[column], value)
    if correct:
        r = rows[(names["fiscal_revenue"], "2018年")]
        sheet.cell(r, at["数值"], "46.73")
        sheet.cell(r, at["来源"], FINAL)
        sheet.cell(r, at["原文"], FISCAL_QUOTE)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def expected_recomputed(dataset) -> dict[str, float]:
    """name_zh + period label -> the value each derived row reading 2018 财政总收入 computes to."""
    obs = dataset.observations
    index = {(r["indicator"], r["period"]): r for r in obs.to_dict("records")}

    def lookup(indicator, period, field):
        return (
            46.73
            if (indicator, period, field) == ("fiscal_revenue", "2018", "value")
            else index[(indicator, period)][field]
        )

    names = dataset.indicators.set_index("indicator")["name_zh"]
    return {
        f"{names[r['indicator']]} {r['period']}年": evaluate(r["formula"], lookup)
        for r in obs[obs["kind"] == "derived"].to_dict("records")
        if "fiscal_revenue@2018" in r["formula"]
    }


def upload(page, url: str, tmp_path: Path, workbook: bytes, documents: dict[str, str]) -> None:
    path = tmp_path / "赣州经开区数据.xlsx"
    path.write_bytes(workbook)
    docs = []
    for rel, text in documents.items():
        doc = tmp_path / Path(rel).name
        doc.write_text(text, encoding="utf-8")
        docs.append(str(doc))
    page.goto(url + "/admin/")
    page.set_input_files("#workbook", str(path))
    page.set_input_files("#documents", docs)
    page.click("#admin-upload")


def render_guide(workbook: bytes, out: Path, tmp_path: Path) -> None:
    """The workbook's 填写说明 as LibreOffice Calc prints it (first page), as a PNG."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        return
    path = tmp_path / "guide.xlsx"
    path.write_bytes(workbook)
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    subprocess.run(
        [pdftoppm, "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile", str(tmp_path / "guide.pdf"),
         str(out.with_suffix(""))],
        check=True, timeout=60,
    )  # fmt: skip


def test_a_clerk_fills_corrects_publishes_and_overrides_in_chinese(pg, page_factory, tmp_path, monkeypatch):
    db_url = pg.create_database()
    dash_app, engine, holder = make_app(db_url, monkeypatch)
    shots = os.environ.get("GETDZ_SCREENSHOTS")
    try:
        with LiveServer(dash_app.server) as server:
            page, watch = page_factory(1280, 900)
            page.goto(server.url + "/admin/")
            page.fill("#user", EDITOR)
            page.fill("#password", PASSWORD)
            page.click("#admin-signin")
            page.wait_for_selector("#admin-current")
            base = store.current_number(engine)
            before = store.load_version(engine).dataset

            # the workbook, read through the page's own session (a browser download fails here)
            href = page.get_attribute("#admin-download", "href")
            answer = page.request.get(server.url + href)
            assert answer.ok and answer.body()[:2] == b"PK"
            workbook = answer.body()
            assert openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames[0] == cb.GUIDE
            if shots:
                render_guide(workbook, Path(shots) / "clerk-guide.png", tmp_path)

            # a 2019 全年 row and the 2018 correction, uploaded with their documents
            edited = fill(workbook, before, "6.3", REVENUE_QUOTE, correct=True)
            upload(
                page,
                server.url,
                tmp_path,
                edited,
                {
                    REPORT_FILE: f"# {REPORT}\n\n{REVENUE_QUOTE}。\n",
                    FINAL_FILE: f"# {FINAL}\n\n{FISCAL_QUOTE}。\n",
                },
            )
            page.wait_for_selector("#admin-no-problems")
            assert page.locator("html").get_attribute("lang") == "zh-CN"
            rows = page.locator("#admin-recomputed tbody tr")
            shown = {
                " ".join(rows.nth(i).locator("td").all_inner_texts()[:2]): rows.nth(i)
                .locator("td")
                .all_inner_texts()
                for i in range(rows.count())
            }
            expected = expected_recomputed(before)
            assert set(shown) == set(expected)
            for key, value in expected.items():
                new = shown[key][3]
                places = len(new.split(".")[1]) if "." in new else 0
                assert abs(float(new) - value) <= 0.5 * 10**-places + 1e-9, (key, new, value)
                assert shown[key][2] != new  # old -> new
            changes = page.inner_text("#admin-changes")
            assert "fiscal_revenue" not in changes and "reported" not in changes and "2019年" in changes
            if shots:
                page.screenshot(path=str(Path(shots) / "clerk-preview.png"), full_page=True)
            page.fill("#note", "2019年快报;2018年财政总收入按决算更正")
            page.click("#admin-publish-button")
            page.wait_for_selector("#admin-done")
            assert store.current_number(engine) == base + 1

            # a figure failing its growth check: blocked, then published with a reason, flagged on /
            answer = page.request.get(server.url + href)
            fallen = fill(
                answer.body(), store.load_version(engine).dataset, "下降4%", FALL_QUOTE, correct=False
            )
            upload(page, server.url, tmp_path, fallen, {REPORT_FILE: f"# {REPORT}\n\n{FALL_QUOTE}。\n"})
            page.wait_for_selector("#admin-blocked")
            assert page.locator("#admin-no-problems").count() == 0
            assert "与所填增长率-4%不符" in page.inner_text("#admin-problems")
            page.fill("#note", "2019年快报增长率")
            page.fill("#override", REASON)
            page.click("#admin-publish-button")
            page.wait_for_selector("#admin-done")
            assert store.current_number(engine) == base + 2
            holder.refresh()
            page.goto(server.url + "/?period=2019")
            # the card of that figure is marked failed, with the check and the reason beside it
            card = page.locator(".kpi-card.failed", has_text=REASON)
            card.first.wait_for(timeout=20000)
            assert "720.1" in card.first.inner_text()
            watch.console_errors.clear()  # the 422s and 409s of the admin pages are not the dashboard's
            watch.assert_clean()
    finally:
        holder.stop()
        engine.dispose()
