"""The checks every workbook passes before anything parses it (`/admin`'s upload, `python -m metrics
publish`, anything that calls `workbook.read_workbook`): the zip's central directory is read, nothing
is inflated but `[Content_Types].xml`. Not a zip, too many entries, too large uncompressed (a zip
bomb), macros, or no workbook inside: refused with a named problem."""

from __future__ import annotations

import io
import zipfile

from .reading import Problem

MAX_ENTRIES = 1000  # an exported workbook has about 20
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # an exported workbook is about 250 KB uncompressed
# openpyxl holds the shared strings in memory (the sheets are streamed): a smaller cap for them
MAX_SHARED_STRINGS = 16 * 1024 * 1024
MACRO_TYPES = ("macroEnabled", "vbaProject", "ms-office.activeX")

_MAGIC = (  # (first bytes, what the file is, the same in Chinese for /admin)
    (b"%PDF", "a PDF document", " PDF 文档"),
    (b"\x89PNG", "a PNG image", " PNG 图片"),
    (b"\xff\xd8\xff", "a JPEG image", " JPEG 图片"),
    (b"GIF8", "a GIF image", " GIF 图片"),
    (
        b"\xd0\xcf\x11\xe0",  # OLE2
        "an Excel 97-2003 (.xls) or other old Office file: save it as .xlsx",
        "旧版 Excel(.xls)文件:请另存为 .xlsx",
    ),
    (b"\x1f\x8b", "a gzip archive", " gzip 压缩包"),
    (b"Rar!", "a RAR archive", " RAR 压缩包"),
    (b"7z\xbc\xaf", "a 7-Zip archive", " 7-Zip 压缩包"),
    (b"{\\rtf", "an RTF document", " RTF 文档"),
)


# Spreadsheets in other formats: refused with how to save them as .xlsx (a reader for each would
# add a dependency to requirements.txt and the offline bundle, and a parser outside these checks).
# .xls: Excel 97-2003; .et: WPS's own; .ods: OpenDocument (LibreOffice); .xlsb: Excel binary.
OTHER_FORMATS = (".xls", ".et", ".ods", ".xlsb")
OLE2 = b"\xd0\xcf\x11\xe0"


def save_as_xlsx(fmt: str) -> str:
    """The problem of a spreadsheet in another format: what it is and how to save it as .xlsx."""
    how = "File > Save As > Excel Workbook (*.xlsx)"
    return f"a {fmt} spreadsheet is not read: save it as .xlsx ({how}) and upload that"


def other_format(data: bytes, suffix: str) -> str | None:
    """The format of a spreadsheet that is not .xlsx, from its name or its first bytes, or None."""
    if suffix in OTHER_FORMATS:
        return suffix
    if data.startswith(OLE2):
        return ".xls"
    if data.startswith(b"PK") and b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]:
        return ".ods"
    return None


def sniff(data: bytes) -> str | None:
    """What a file that is not a zip is, when its first bytes say so."""
    for magic, what, _zh in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def check_zip(data: bytes, label: str) -> list[Problem]:
    """Refuse a workbook before parsing it: not a zip, too many entries, too large uncompressed
    (read from the central directory, nothing is inflated), macros, or not an XLSX inside."""
    if not data:
        return [Problem(label, None, None, "the file is empty (0 bytes)")]
    if not data.startswith(b"PK"):
        what = sniff(data) or "not a spreadsheet"
        return [Problem(label, None, None, f"not an XLSX workbook: the file is {what}")]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            problem = _directory_problem(infos)
            if problem:
                return [Problem(label, None, None, problem)]
            names = {i.filename.lower(): i for i in infos}
            types = names.get("[content_types].xml")
            if types is None or "xl/workbook.xml" not in names:
                return [
                    Problem(
                        label, None, None, "not an XLSX workbook: a zip archive without a workbook inside"
                    )
                ]
            if types.file_size > 1024 * 1024:
                return [Problem(label, None, None, "refused: [Content_Types].xml is over 1 MB")]
            content_types = z.read(types.filename).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        return [Problem(label, None, None, f"not an XLSX workbook: a damaged zip ({exc})")]
    if any(t in content_types for t in MACRO_TYPES):
        return [Problem(label, None, None, "refused: the workbook contains macros (.xlsm); save it as .xlsx")]
    return []


def _directory_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the central directory alone refuses the zip (entries, sizes, macros), or None."""
    if len(infos) > MAX_ENTRIES:
        return f"refused: the zip has {len(infos)} entries (at most {MAX_ENTRIES})"
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"refused: {total / 2**20:,.0f} MB uncompressed (at most "
            f"{MAX_UNCOMPRESSED // 2**20} MB): possibly a zip bomb"
        )
    for info in infos:
        name = info.filename.lower()
        if name.rsplit("/", 1)[-1] == "vbaproject.bin":
            return "refused: the workbook contains macros (vbaProject.bin); save it as .xlsx"
        if name.endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS:
            return (
                f"refused: the shared strings are {info.file_size / 2**20:,.0f} MB uncompressed "
                f"(at most {MAX_SHARED_STRINGS // 2**20} MB): possibly a zip bomb"
            )
    return None
