"""Workbooks back to data files (pure, no database), and sources without a URL whose document is a
.txt, .md or .pdf with a text layer."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile

import openpyxl
import pytest

import metrics
from metrics import exports as mx
from metrics import workbook as wb
from metrics.dataset import DATA_DIR


@pytest.fixture(scope="module")
def shipped():
    return wb.canonical_files(wb.read_directory(DATA_DIR))


@pytest.fixture(scope="module")
def exported():
    return mx.xlsx_bytes(mx.dataset_sheets(metrics.load()))


def tables(files):
    return {k: v for k, v in files.items() if k.endswith(".csv")}


def test_the_download_reads_back_as_the_shipped_tables(shipped, exported):
    files, problems = wb.read_workbook(exported, "dataset.xlsx")
    assert problems == []
    assert wb.canonical_files(files) == tables(shipped)


def with_cached_formula(book: bytes, sheet: str, cell: str, formula: str, cached: str) -> bytes:
    """The workbook with `cell` holding `formula` and its saved value, as Excel or WPS save it
    (openpyxl writes formulas without a value)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    names = openpyxl.load_workbook(io.BytesIO(book), read_only=True).sheetnames
    part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"

    def replace(match):
        attributes = re.sub(r' t="\w+"', "", match.group(1))  # a formula's value is a number
        return f'<c r="{cell}"{attributes}><f>{formula}</f><v>{cached}</v></c>'

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                xml = data.decode("utf-8")
                xml, n = re.subn(rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)', replace, xml, count=1)
                assert n == 1
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


def test_a_workbook_saved_by_excel_reads_the_same(shipped, exported):
    """Dates typed as dates, numbers stored as text and a formula with its saved value."""
    book = openpyxl.load_workbook(io.BytesIO(exported))
    sources = book["sources"]
    header = [c.value for c in sources[1]]
    date_cell = sources.cell(row=2, column=header.index("date") + 1)
    date_cell.value = dt.datetime.fromisoformat(date_cell.value)
    obs = book["observations"]
    header = [c.value for c in obs[1]]
    value_col = header.index("value") + 1
    as_text = obs.cell(row=2, column=value_col)
    as_text.value = str(mx.printed_number(as_text.value))
    letter = openpyxl.utils.get_column_letter(value_col)
    saved = io.BytesIO()
    book.save(saved)
    row = next(r for r in range(3, obs.max_row + 1) if obs.cell(row=r, column=value_col).value is not None)
    value = obs.cell(row=row, column=value_col).value
    patched = with_cached_formula(saved.getvalue(), "observations", f"{letter}{row}", f"{value}*1", value)
    assert (
        openpyxl.load_workbook(io.BytesIO(patched))["observations"][f"{letter}{row}"].value == f"={value}*1"
    )
    files, problems = wb.read_workbook(patched, "saved.xlsx")
    assert problems == []
    assert wb.canonical_files(files) == tables(shipped)


def test_unreadable_workbooks_and_missing_sheets_are_named(exported):
    assert wb.read_workbook(b"not a zip", "x.xlsx")[1][0].message.startswith("not an XLSX workbook")
    book = openpyxl.load_workbook(io.BytesIO(exported))
    del book["indicators"]
    out = io.BytesIO()
    book.save(out)
    files, problems = wb.read_workbook(out.getvalue(), "x.xlsx")
    assert [(p.file, p.message) for p in problems] == [("x.xlsx, sheet indicators", "sheet missing")]
    assert "indicators.csv" not in files and "observations.csv" in files


def test_the_diff_counts_rows_by_key(shipped):
    new = dict(shipped)
    obs = new["observations.csv"].decode("utf-8").splitlines()
    obs[1] = obs[1].replace("677.5", "677.6")  # changed
    del obs[2]  # removed
    assert obs[3].split(",")[1] == "2018"
    obs.append(obs[3].replace(",2018,", ",2030,", 1))  # added
    new["observations.csv"] = ("\n".join(obs) + "\n").encode("utf-8")
    summary = wb.diff(shipped, new)
    counts = summary["tables"]["observations"]
    assert counts["changed"] == 1 and counts["removed"] == 1
    assert counts["added"] == 1 and summary["new_periods"] == ["2030"]
    assert all(
        c == {"added": 0, "changed": 0, "removed": 0}
        for t, c in summary["tables"].items()
        if t != "observations"
    )


# ---------------------------------------------------------------- sources without a URL


def pdf(text: str | None) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII), or with no text at all (a scan)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


QUOTE = "Internal report: industrial revenue 720.1"


def dataset_with_document(tmp_path, name: str, document: bytes):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "sources" / name).write_bytes(document)
    with open(data / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"tjj-report-2019,2019年统计快报,赣州经开区统计局,2020-01-20,,sources/{name}\n")
    with open(data / "observations.csv", "a", encoding="utf-8") as f:
        f.write(f"industrial_revenue,2019,720.1,,,,reported,,tjj-report-2019,{QUOTE}\n")
    return data


@pytest.mark.parametrize(
    "name, document",
    [
        ("report.txt", QUOTE.encode("gbk")),
        ("report.md", f"# 统计快报\n\n{QUOTE}\n".encode()),
        ("report.pdf", pdf(QUOTE)),
    ],
)
def test_a_source_without_url_and_with_a_document_loads(tmp_path, name, document):
    ds = metrics.load(dataset_with_document(tmp_path, name, document))
    source = ds.sources.set_index("source").loc["tjj-report-2019"]
    assert source["url"] == ""
    row = ds.observations[
        (ds.observations["indicator"] == "industrial_revenue") & (ds.observations["period"] == "2019")
    ]
    assert row["value"].tolist() == [720.1]


@pytest.mark.parametrize(
    "name, document, message",
    [
        ("scan.pdf", pdf(None), "PDF has no text layer"),
        ("report.docx", b"PK\x03\x04", "unsupported document type '.docx'"),
        ("broken.pdf", b"%PDF-1.4 nonsense", "cannot read PDF"),
    ],
)
def test_documents_that_cannot_be_quoted_are_refused(tmp_path, name, document, message):
    with pytest.raises(metrics.DataError) as err:
        metrics.load(dataset_with_document(tmp_path, name, document))
    assert any(message in p.message and name in p.file for p in err.value.problems), err.value.problems


def test_a_source_needs_a_document(tmp_path):
    data = dataset_with_document(tmp_path, "report.md", QUOTE.encode())
    text = (data / "sources.csv").read_text(encoding="utf-8").replace(",sources/report.md\n", ",\n")
    (data / "sources.csv").write_text(text, encoding="utf-8")
    with pytest.raises(metrics.DataError) as err:
        metrics.load(data)
    assert any(p.column == "file" and "required" in p.message for p in err.value.problems)
