"""A plan file's cells, read so that no file can exhaust memory or expand without limit.

A business plan is a few hundred rows, but the file comes from outside: an ``.xlsx`` is a
zip of XML, and a small one can hold a part that inflates to gigabytes, a sheet that claims
a million rows, or XML entities that expand exponentially ("billion laughs"). Every limit
here is checked before the content is parsed where it can be (the zip's central directory
says how large each part is, and :mod:`zipfile` never inflates a part past that size), and
while reading otherwise. A refusal is a :class:`PlanError` of one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import Any

Cell = str | dt.date

#: At most this many bytes: a CSV file's size, an xlsx's parts added up uncompressed.
MAX_BYTES = 50_000_000
#: A part over a megabyte that compresses better than this is refused (sheets do ~10:1).
MAX_RATIO = 100
#: At most this many parts in an xlsx (a plan has about ten).
MAX_PARTS = 1_000
#: At most this many cells read, counting the empty cells a sheet pads its rows with.
MAX_CELLS = 200_000
#: Excel's own limit on the characters in one cell.
MAX_CELL_CHARS = 32_767

# Office Open XML parts may not declare a DTD (ECMA-376 part 2); entities need one.
_DOCTYPE = tuple(
    "<!DOCTYPE".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_CHUNK = 1 << 20


class PlanError(ValueError):
    """A file that cannot be read as a business-plan table."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def read_csv(path: Path) -> list[list[Cell]]:
    """The cells of a CSV file (comma, semicolon or tab separated; UTF-8 or Windows)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanError(
            f"{path.name}: refused: {_megabytes(size)}, more than the {_megabytes(MAX_BYTES)} "
            "a plan file may be"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return _bounded(path.name, reader, [0])
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise PlanError(
                f"{path.name}: refused: row {reader.line_num} holds a cell of more than "
                f"{MAX_CELL_CHARS:,} characters, more than a spreadsheet cell can"
            ) from None
        raise PlanError(f"{path.name}: not a readable CSV table ({exc})") from None


def _bounded(name: str, rows: Iterable[Sequence[Any]], spent: list[int]) -> list[list[Any]]:
    """``rows`` as lists, refused once ``spent[0]`` passes :data:`MAX_CELLS` or a cell is
    longer than a spreadsheet cell can be."""
    out: list[list[Any]] = []
    for line, row in enumerate(rows, start=1):
        spent[0] += max(len(row), 1)  # an empty row costs too: a sheet can claim a million
        if spent[0] > MAX_CELLS:
            raise PlanError(
                f"{name}: refused: more than {MAX_CELLS:,} cells (by row {line:,}); a business "
                "plan has a few hundred rows, so save just its table"
            )
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise PlanError(
                    f"{name}: refused: row {line}, column {column} holds {len(value):,} "
                    f"characters, more than a spreadsheet cell can ({MAX_CELL_CHARS:,})"
                )
        out.append(list(row))
    return out


def check_xlsx(path: Path) -> None:
    """Refuse an xlsx that would inflate too far or declares XML entities, before parsing it."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise PlanError(f"{name}: refused: {len(parts):,} parts, more than a workbook has")
            total = sum(p.file_size for p in parts)
            if total > MAX_BYTES:
                raise PlanError(
                    f"{name}: refused: it unpacks to {_megabytes(total)}, more than the "
                    f"{_megabytes(MAX_BYTES)} a plan file may be"
                )
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > 1_000_000 and ratio > MAX_RATIO:
                    raise PlanError(
                        f"{name}: refused: {part.filename} unpacks {ratio:,.0f} times larger "
                        f"({_megabytes(part.file_size)}), which no spreadsheet does"
                    )
            for part in parts:
                if _declares_doctype(archive, part):
                    raise PlanError(
                        f"{name}: refused: {part.filename} declares XML entities (a DTD), "
                        "which Excel never writes; open it in Excel and save it again"
                    )
    # zipfile raises NotImplementedError for a compression method it cannot unpack.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise PlanError(f"{name}: not a readable .xlsx workbook ({exc})") from None


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether ``part`` holds ``<!DOCTYPE`` in any encoding an XML parser would accept."""
    keep = max(len(d) for d in _DOCTYPE) - 1
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if any(d in data for d in _DOCTYPE):
                return True
            tail = data[-keep:]
    return False


def xlsx_sheets(path: Path) -> Generator[list[list[Cell]], None, None]:
    """The cells of each sheet of an ``.xlsx`` file in turn, within one budget of cells.

    Close the iterator (``contextlib.closing``) when stopping early: it holds the file."""
    check_xlsx(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any failure of the parser on a foreign file
        raise PlanError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None
    spent = [0]
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # the size a sheet claims is not to be trusted
            values = sheet.iter_rows(values_only=True)
            try:
                rows = _bounded(path.name, ([_xlsx_cell(v) for v in row] for row in values), spent)
            except PlanError:
                raise
            except Exception as exc:  # as above
                raise PlanError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None
            yield rows
    finally:
        book.close()


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
