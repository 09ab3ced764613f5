"""What the data commands say, Chinese first (`--lang en`: the English lines of before). A problem
names the sheet, row and column as the workbook shows them (clerk.xlsx 工作表「数据」第 7 行「原文」
列), in /admin's words (`metrics.problem_words`)."""

from __future__ import annotations

import re

from metrics import periods, schema
from metrics import problem_words as P
from metrics.clerk import table_zh
from metrics.i18n import LANGS, lookup

LINES = {
    "invalid": ("数据有误:{n} 个问题", "INVALID: {n} problem(s)"),
    "not_published": ("未发布:{n} 个问题,数据未改动", "INVALID: {n} problem(s); nothing was published"),
    "no_changes": (
        "无变化:内容与版本 {n} 相同,未创建新版本",
        "no changes: the content equals version {n}; no version was created",
    ),
    "published": (
        "已发布版本 {n}(基于版本 {parent},校验和 {checksum})",
        "published version {n} (parent {parent}, checksum {checksum})",
    ),
    "rollback_same": (
        "无变化:版本 {n} 与当前版本 {c} 的内容相同",
        "no changes: version {n} has the content of the current version {c}",
    ),
    "restored": (
        "版本 {n} 恢复了版本 {r} 的内容(基于版本 {parent})",
        "version {n} restores version {r} (parent {parent})",
    ),
    "diff": ("版本 {a} → 版本 {b} 的变化", "diff {a} -> {b}"),
    "nothing": ("无变化", "no changes"),
    "untranslated": ("此处内容不符合要求(加 --lang en 查看英文说明)", ""),
    # a version's changes (as /admin's history says them)
    "table_counts": ("{table}表:新增{a}行、修改{c}行、删除{r}行", ""),
    "new_periods": ("新时期:{items}", ""),
    "new_indicators": ("新指标:{items}", ""),
    "new_sources": ("新来源:{items}", ""),
    "recomputed": ("按公式重算:{name} {period} {old} → {new}", ""),
    "documents": ("来源文件:{items}", ""),
}
TABLES = {fname: name for name, fname in schema.FILES.items()}


say = lookup(LINES)


def problem_line(problem, label: str, workbook: bool, lang: str) -> str:
    """A problem as an editor reads it: the workbook's sheet and row, or the file and line; in
    Chinese the sheet and column by the names the workbook shows (数据, 时期)."""
    if lang == "en":
        return _english(problem, label, workbook)
    sheet, row, column = P.where(problem, label, "zh")
    if not workbook:  # a data directory or a table file: its file, and the sheet it stands for
        table = TABLES.get(problem.file.rsplit("/", 1)[-1])
        sheet = problem.file + (f"(「{table_zh(table)}」表)" if table else "")
    elif sheet.startswith("工作表"):
        sheet = f"{label} {sheet}"
    text = P.message(problem.message, "zh")
    if text == P.UNTRANSLATED:
        text = say("untranslated", "zh")
    place = "".join([sheet, f" {row}" if row else "", f"「{column}」列" if column else ""])
    return f"{place}:{text}"


def _english(problem, label: str, workbook: bool) -> str:
    if not workbook:
        return str(problem)
    file = problem.file
    prefix = f"{label}/"
    if file.startswith(prefix) and file[len(prefix) :] in TABLES:
        file = f"{label}, sheet {TABLES[file[len(prefix) :]]}"
    where = file if problem.line is None else f"{file}, row {problem.line}"
    column = f", column '{problem.column}'" if problem.column else ""
    return f"{where}{column}: {problem.message}"


def diff_lines(summary: dict, lang: str, named: dict[str, str]) -> list[str]:
    """A version's changes as short lines: /admin's plain words in Chinese (数据表:新增1行、修改0行、
    删除0行), the codes of before in English."""
    if lang == "en":
        from metrics import workbook as wb

        return wb.diff_lines(summary)
    lines = [
        say("table_counts", "zh", table=table_zh(name), a=c["added"], c=c["changed"], r=c["removed"])
        for name, c in summary.get("tables", {}).items()
        if any(c.values())
    ]
    for key in ("new_periods", "new_indicators", "new_sources"):
        if summary.get(key):
            items = [periods.label(p) if key == "new_periods" else named.get(p, p) for p in summary[key]]
            lines.append(say(key, "zh", items="、".join(items)))
    for r in summary.get("recomputed", []):
        period = periods.label(r["period"]) if periods.is_valid_period(r["period"]) else r["period"]
        name = named.get(r["indicator"], r["indicator"])
        lines.append(say("recomputed", "zh", name=name, period=period, old=r["old"], new=r["new"]))
    docs = summary.get("documents", {})
    for key, what in (("added", "新增"), ("changed", "更新"), ("removed", "删除")):
        if docs.get(key):
            lines.append(say("documents", "zh", items=f"{what} " + "、".join(docs[key])))
    return [f"  {line}" for line in lines] or [f"  {say('nothing', 'zh')}"]


def with_names(text: str, named: dict[str, str]) -> str:
    """A sentence with the indicator codes in it replaced by their names."""
    if not named:
        return text
    codes = re.compile(r"\b(" + "|".join(map(re.escape, sorted(named, key=len, reverse=True))) + r")\b")
    return codes.sub(lambda m: named[m.group()], text)


def names(files: dict[str, bytes]) -> dict[str, str]:
    """Indicator and source codes of a dataset's files -> their Chinese names and titles."""
    import csv
    import io

    out = {}
    for fname, key, name in (("sources.csv", "source", "title"), ("indicators.csv", "indicator", "name_zh")):
        rows = csv.DictReader(io.StringIO(files.get(fname, b"").decode("utf-8", "replace")))
        out.update({r[key]: r[name] for r in rows if r.get(key) and r.get(name)})
    return out


def add_lang(parser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of the messages: zh (default, Chinese) or en (English)",
    )
