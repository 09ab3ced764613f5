"""Chinese everywhere a clerk looks in /admin: every problem template, every problem the code can
raise, the places (sheet, row, column), the diff and history lines, and the page's own words have
no English code in their Chinese form (file formats and product names excepted)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from admin import strings as S
from admin.summary import summary_lines
from metrics.reading import Problem

ROOT = Path(__file__).resolve().parents[1]
# what may stay in Latin letters on a Chinese page: formats, products, the language switch, and
# the operator's settings on the setup page
ALLOWED = {
    "xlsx", "xlsm", "xls", "csv", "pdf", "txt", "md", "zip", "mb", "utf", "gb", "gbk", "excel", "wps",
    "http", "https", "english", "sqlite", "heroku", "postgres", "secret_key", "database_url",
    "getdz_data_dir", "python", "import", "secrets", "print", "token_hex", "c", "content_types", "xml",
    "png", "jpeg", "gif", "gzip", "rar", "rtf", "et", "ods", "xlsb",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z_]{1,}")


def english(text: str, extra=()) -> set[str]:
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED and w not in extra}


@pytest.mark.parametrize("pattern, template", S._ZH)
def test_every_problem_template_is_chinese(pattern, template):
    text = re.sub(r"\\\d", "", template)
    assert english(text) == set() and re.search(r"[\u4e00-\u9fff]", text)


def problem_literals() -> list[str]:
    """The message of every `Problem(...)` the data layer builds, with 'x' for each value."""
    found = []
    for path in sorted((ROOT / "metrics").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "Problem"
                and len(node.args) == 4
            ):
                msg = node.args[3]
                if isinstance(msg, ast.Constant) and isinstance(msg.value, str):
                    found.append(msg.value)
                elif isinstance(msg, ast.JoinedStr):
                    found.append(
                        "".join(v.value if isinstance(v, ast.Constant) else "'x'" for v in msg.values)
                    )
    return found


def test_every_problem_the_code_raises_reads_in_chinese():
    literals = problem_literals()
    assert len(literals) > 20  # the scan finds them
    for text in literals:
        zh = S.message(text, "zh")
        assert english(zh, extra={"x"}) == set(), (text, zh)
        assert re.search(r"[\u4e00-\u9fff]", zh)


def test_an_unknown_message_is_never_english_on_a_chinese_page():
    assert S.message("some future message about formula", "zh") == S.UNTRANSLATED
    assert S.message("some future message", "en") == "some future message"


def test_places_are_named_in_chinese():
    p = Problem("dataset.xlsx/observations.csv", 7, "source_quote", "required value is empty")
    assert S.where(p, "dataset.xlsx", "zh") == ("工作表「数据」", "第 7 行", "原文")
    assert S.where(p, "dataset.xlsx", "en") == ("sheet observations", "row 7", "source_quote")


def test_the_diff_is_said_in_plain_chinese():
    summary = {
        "tables": {"observations": {"added": 1, "changed": 2, "removed": 0}},
        "new_periods": ["2019H1", "2019"],
        "new_indicators": ["industrial_revenue"],
    }
    lines = summary_lines(summary, "zh", {"industrial_revenue": "规上工业主营业务收入"})
    assert lines[0] == "数据表:新增1行、修改2行、删除0行"
    assert "2019年上半年" in lines[1] and "规上工业主营业务收入" in lines[2]
    assert all(english(line) == set() for line in lines)


def test_the_words_of_admin_are_chinese():
    fields = {"n", "r", "c", "a", "p", "f", "s", "table", "wait", "name", "why", "pages"}  # {placeholders}
    fields |= {"period", "old", "new"}
    for key, (zh, _en) in S.STRINGS.items():
        assert english(zh, extra=fields) == set(), key


def test_roles_and_audit_entries_are_named_in_chinese():
    from admin import access_strings as A
    from store import audit

    for zh, _en in [*A.ROLE_NAMES.values(), *A.AUDIT_ACTIONS.values()]:
        assert english(zh) == set() and re.search(r"[\u4e00-\u9fff]", zh)
    assert set(A.AUDIT_ACTIONS) == set(audit.ACTIONS)  # every kind the audit records has a name
    entry = {"action": "user_role", "detail": "li → admin"}
    assert A.audit_detail(entry, "zh") == "li → 管理员"
    assert A.audit_detail({"action": "user_add", "detail": "li (viewer)"}, "zh") == "li (查看者)"
    assert A.audit_detail({"action": "signin", "detail": "sso"}, "zh") == "单点登录"


def test_every_reader_message_has_its_own_chinese_form():
    """No message of the data layer falls back to the generic sentence, the clerk's reader's
    included (typed periods and numbers, other formats, what a file is)."""
    from metrics.numbers import typed_number
    from metrics.periods import typed_period
    from metrics.zipcheck import _MAGIC, OTHER_FORMATS, save_as_xlsx

    messages = list(problem_literals())
    for bad in ("2019年1-9月", "19年", "去年"):
        with pytest.raises(ValueError) as err:
            typed_period(bad)
        messages.append(str(err.value))
    for bad, unit in (("4673万元", "亿元"), ("约", "亿元"), ("677.5左右", "亿元")):
        with pytest.raises(ValueError) as err:
            typed_number(bad, unit)
        messages.append(str(err.value))
    messages += [save_as_xlsx(f) for f in OTHER_FORMATS]
    messages += [f"not an XLSX workbook: the file is {what}" for _magic, what, _zh in _MAGIC]
    for text in messages:
        zh = S.message(text, "zh")
        assert zh != S.UNTRANSLATED, text
        assert english(zh, extra={"x"}) == set(), (text, zh)
