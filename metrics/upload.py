"""An editor's upload, read defensively: a workbook in the format of `/download/dataset.xlsx`, or
one table as CSV (UTF-8 or GBK), plus optional source documents (.txt, .md, .pdf).

Before anything parses a workbook, its zip's central directory is checked (`zipcheck`, which
`workbook.read_workbook` applies on every path): the entry count and the total uncompressed size (a
zip bomb is refused without being inflated), and macros (an .xlsm content type or a
`vbaProject.bin`) are refused. A file that is not a spreadsheet under an .xlsx
name (a PDF, an image, an old .xls) is named for what it is. Formula cells are read as their saved
values by `workbook.read_workbook`, which names a formula cell without one.

Pure: the standard library, openpyxl and this package; no database. The caller passes the
current version's files (a CSV or a workbook without a document completes from them).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import schema
from . import workbook as wb
from .clerk import table_zh
from .clerkbook import GUIDE, LISTS
from .reading import DOCUMENT_TYPES, Problem
from .zipcheck import MAX_ENTRIES, MAX_UNCOMPRESSED, check_zip, other_format, save_as_xlsx, sniff  # noqa: F401

IGNORED_SHEETS = ("checks", "about", "说明", "关于", GUIDE, LISTS)  # computed or for reading only

__all__ = ["MAX_BYTES", "Upload", "check_zip", "read_upload", "safe_name", "sniff"]

MAX_BYTES = 10 * 1024 * 1024  # the upload route's own cap (the rest of the app keeps 1 MB)
TABLES = {fname: name for name, fname in schema.FILES.items()}


@dataclass
class Upload:
    """What was read: the dataset's files (complete, keyed by path in `data/`), every problem
    (sheet or file, row, column), warnings, and what kind of upload it was."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    kind: str = ""  # "workbook" or "csv"


def sheet_names(data: bytes) -> list[str]:
    """The sheet names in `xl/workbook.xml` (of a zip that passed `check_zip`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = z.read("xl/workbook.xml").decode("utf-8", "replace")
    import html

    return [html.unescape(m) for m in re.findall(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"", text)]


def safe_name(name: str) -> str:
    """A browser-sent file name reduced to a harmless base name (no folders, no leading dots, no
    control characters): it names the upload in problems and a temporary directory."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f:]", "", base).strip().lstrip(".").strip()
    return base[:120]


def read_upload(
    data: bytes,
    filename: str,
    current: dict[str, bytes],
    documents: dict[str, bytes] | None = None,
) -> Upload:
    """Read an upload into a complete dataset's files. `current` is the current version's files
    (what a single table or a missing document is completed from); `documents` maps uploaded
    document file names to their bytes (matched to sources.csv's `file` column by name)."""
    name = safe_name(filename) or "upload"
    up = Upload()
    if len(data) > MAX_BYTES:
        up.problems.append(Problem(name, None, None, f"the file is over {MAX_BYTES // 2**20} MB"))
        return up
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".xlsm":
        up.problems.append(
            Problem(name, None, None, "refused: an .xlsm workbook may hold macros; save it as .xlsx")
        )
        return up
    if suffix == ".csv":
        return _read_csv(data, name, current, documents or {}, up)
    fmt = other_format(data, suffix)
    if fmt:
        up.problems.append(Problem(name, None, None, save_as_xlsx(fmt)))
        return up
    if suffix != ".xlsx":
        up.problems.append(
            Problem(
                name, None, None, "expected a workbook (.xlsx) or one table as CSV (e.g. observations.csv)"
            )
        )
        return up
    up.kind = "workbook"
    up.problems += check_zip(data, name)
    if up.problems:
        return up
    sheets = sheet_names(data)
    known = {*schema.FILES, *(table_zh(t) for t in schema.FILES)}
    unknown = [s for s in sheets if s not in known and s not in IGNORED_SHEETS]
    if not any(s in known for s in sheets):
        found = ", ".join(sheets) or "none"
        up.problems.append(
            Problem(
                name,
                None,
                None,
                f"the workbook has none of the sheets {', '.join(schema.FILES)} (found: {found}): "
                "start from the downloaded workbook",
            )
        )
        return up
    for s in unknown:
        up.problems.append(
            Problem(
                f"{name}, sheet {s}",
                None,
                None,
                f"unexpected sheet name (expected: {', '.join(schema.FILES)})",
            )
        )
    files, problems = wb.read_workbook(data, name, current)
    up.problems += problems
    up.files = _complete(files, current, documents or {}, name, up)
    if all(_empty_table(files.get(f)) for f in TABLES):
        up.problems.append(Problem(name, None, None, "the workbook is empty: its sheets have no rows"))
    return up


def _empty_table(data: bytes | None) -> bool:
    return data is None or not [line for line in data.splitlines()[1:] if line.strip(b", \t\r")]


def _read_csv(data: bytes, name: str, current: dict[str, bytes], documents, up: Upload) -> Upload:
    up.kind = "csv"
    table = name if name in TABLES else None
    if table is None:
        up.problems.append(
            Problem(name, None, None, f"a CSV must be named after its table: one of {', '.join(TABLES)}")
        )
        return up
    if sniff(data) or data.startswith(b"PK"):
        up.problems.append(Problem(name, None, None, "not a CSV text file"))
        return up
    if not current:
        up.problems.append(Problem(name, None, None, "the store is empty: upload a whole workbook first"))
        return up
    from .reading import decode

    _text, problems, warnings = decode(data, name)
    up.problems += problems
    up.warnings += warnings
    up.files = _complete({**current, table: data}, current, documents, name, up)
    return up


def _complete(files: dict[str, bytes], current: dict[str, bytes], documents, label: str, up: Upload):
    """Add the documents sources.csv names: an uploaded one (matched by file name) wins, else the
    current version's. An uploaded document no source names is a problem (it would be dropped)."""
    wanted = wb.document_paths(files.get("sources.csv", b""))
    by_name = {PurePosixPath(p).name: p for p in wanted}
    out = {k: v for k, v in files.items() if k in TABLES}
    for doc_name, doc in documents.items():
        doc_name = safe_name(doc_name)
        if PurePosixPath(doc_name).suffix.lower() not in DOCUMENT_TYPES:
            up.problems.append(
                Problem(
                    doc_name, None, None, f"unsupported document type (allowed: {', '.join(DOCUMENT_TYPES)})"
                )
            )
        elif doc_name not in by_name:
            up.problems.append(
                Problem(doc_name, None, None, "no source names this document (sources sheet, column file)")
            )
        else:
            out[by_name[doc_name]] = doc
    for rel in wanted:
        if rel not in out and rel in current:
            out[rel] = current[rel]
    return out
