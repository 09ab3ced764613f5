"""Reading data files: encoding detection and CSV rows with their line numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Problem", "Table", "decode", "read_text", "read_csv", "read_document"]

DOCUMENT_TYPES = (".txt", ".md", ".pdf")


@dataclass(frozen=True)
class Problem:
    """One problem in a data file.

    ``line`` is the 1-based line as a data clerk sees it in a text editor
    (the header is line 1); ``None`` for whole-file problems.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            return f"{where}: column '{self.column}': {self.message}"
        return f"{where}: {self.message}"


@dataclass
class Table:
    name: str
    file: str  # display path, e.g. data/observations.csv
    header: list[str]
    rows: list[dict] = field(default_factory=list)  # each row has '_line'
    usable: bool = True  # False when required columns are missing


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem], list[Problem]]:
    """Decode bytes as UTF-8 (BOM stripped), else GB18030 (with a warning).

    Returns (text or None, problems, warnings)."""
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        return text, [], []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pos = utf8_error.start
        line = data.count(b"\n", 0, pos) + 1
        return (
            None,
            [
                Problem(
                    display,
                    line,
                    None,
                    f"file is neither UTF-8 nor GB18030 (byte 0x{data[pos]:02x} at "
                    f"offset {pos}); save it as UTF-8",
                )
            ],
            [],
        )
    warning = Problem(
        display, None, None, "file is not UTF-8; it was read as GB18030 (GBK). Please save it as UTF-8"
    )
    return text, [], [warning]


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem], list[Problem]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(display, None, None, "file not found")], []
    except OSError as exc:
        return None, [Problem(display, None, None, f"cannot read file: {exc.strerror}")], []
    return decode(data, display)


def read_document(path: Path, display: str) -> tuple[str | None, list[Problem], list[Problem]]:
    """The text of a source document: `.txt` or `.md` (UTF-8 or GB18030), or a `.pdf` with a
    text layer (a scan without one is refused: its quotes could not be checked)."""
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        allowed = ", ".join(DOCUMENT_TYPES)
        return None, [Problem(display, None, None, f"unsupported document type {suffix!r} ({allowed})")], []
    if suffix != ".pdf":
        return read_text(path, display)
    try:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    except FileNotFoundError:
        return None, [Problem(display, None, None, "file not found")], []
    except Exception as exc:  # pypdf raises its own errors for damaged files
        return None, [Problem(display, None, None, f"cannot read PDF: {exc}")], []
    if not text.strip():
        return None, [Problem(display, None, None, "PDF has no text layer (a scan?): save it with text")], []
    return text, [], []


def _clean_cell(cell: str) -> str:
    return cell.replace("\ufeff", "").strip(" \t\r\n\u00a0\u3000")


def read_csv(
    path: Path, display: str, name: str, columns: list[str]
) -> tuple[Table | None, list[Problem], list[Problem]]:
    """Read a CSV file into a :class:`Table` of stripped text cells."""
    text, problems, warnings = read_text(path, display)
    if text is None:
        return None, problems, warnings
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    table: Table | None = None
    prev_line = 0
    try:
        for record in reader:
            start = prev_line + 1
            prev_line = reader.line_num
            if not any(c.strip() for c in record):
                continue  # blank line
            cells = [_clean_cell(c) for c in record]
            if header is None:
                header = cells
                table = Table(name, display, header)
                seen: set[str] = set()
                for col in header:
                    if col in seen:
                        problems.append(Problem(display, start, col, "duplicate column in header"))
                    seen.add(col)
                missing = [c for c in columns if c not in header]
                for col in missing:
                    problems.append(Problem(display, start, col, "missing required column"))
                extra = [c for c in header if c not in columns]
                for col in extra:
                    warnings.append(Problem(display, start, col or "(empty)", "unexpected column (ignored)"))
                if missing or len(seen) != len(header):
                    table.usable = False
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        display,
                        start,
                        None,
                        f"expected {len(header)} fields, found {len(cells)} (check quoting of commas)",
                    )
                )
                continue
            row = dict(zip(header, cells, strict=False))
            row["_line"] = start
            table.rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(display, reader.line_num, None, f"CSV syntax error: {exc}"))
        return None, problems, warnings
    if table is None:
        problems.append(Problem(display, 1, None, "file is empty (no header)"))
        return None, problems, warnings
    return table, problems, warnings
