"""Validation problems said in an editor's terms, Chinese or English: the sheet, row and column as
the workbook names them (工作表「数据」, 第 7 行, 原文), and each problem's message in Chinese (a
pattern per English message of `metrics`). Used by /admin (`admin.strings` re-exports it) and the
command line (`cli`). Pure: the standard library and this package."""

from __future__ import annotations

import logging
import re

from . import schema
from .clerk import column_zh, table_zh
from .zipcheck import _MAGIC

__all__ = ["SHEETS", "UNTRANSLATED", "message", "where"]

log = logging.getLogger("getdz.admin")

SHEETS = {fname: name for name, fname in schema.FILES.items()}

_SHEETS_ZH = "、".join(table_zh(t) for t in schema.FILES)
# Validation messages (English in `metrics`) in Chinese: (pattern, template).
_ZH = [
    (r"required value is empty", "必填值为空"),
    (r"not a number: (.+)", r"不是数字:\1"),
    (r"not a whole number: (.+)", r"不是整数:\1"),
    (r"missing required column", "缺少必需的列"),
    (r"duplicate column in header", "表头中列名重复"),
    (r"sheet missing", "缺少此工作表"),
    (r"unexpected sheet name \(expected: (.+)\)", f"工作表名称不对(应为:{_SHEETS_ZH},或 填写说明)"),
    (r"duplicate observation for \((.+)\) \(first on line (\d+)\)", r"重复的数据 (\1)(首次出现在第 \2 行)"),
    (r"duplicate (.+) \(first on line (\d+)\)", r"重复:\1(首次出现在第 \2 行)"),
    (r"quote not found verbatim in source (.+?): (.+)", r"在来源 \1 的文件中找不到这段原文:\2"),
    (r"unknown source id (.+) \(not in sources.csv\)", r"未知来源 \1(「来源」表中没有)"),
    (r"unknown indicator (.+) \(not in indicators.csv\)", r"未知指标 \1(「指标」表中没有)"),
    (r"source document not found: (.+)", r"找不到来源文件:\1(请一并上传)"),
    (r"number (.+) does not appear in source_quote", r"数字 \1 没有出现在原文中"),
    (r"(\w+) (\S+) but source_quote prints a fall: (.+)", r"\1 填的是 \2,但原文印的是下降:\3(下降填负数)"),
    (r"(\w+) (\S+) but source_quote prints a rise: (.+)", r"\1 填的是 \2,但原文印的是增长:\3"),
    (r"(\w+) 0 but source_quote says 基本持平.*", r"\1 填的是 0,但原文只说“基本持平”,不是数字:请留空"),
    (r"(\w+) (\S+) but source_quote says (由负转正|由正转负)", r"\1 填的是 \2,与原文“\3”的方向不符"),
    (
        r"yoy_pct is a growth rate in %, but source_quote prints (.+)个百分点.*",
        r"「同比增长(%)」以百分比计,原文印的是 \1个百分点:请填在「比上年增减」列",
    ),
    (
        r"change of a ratio is in 百分点, but source_quote prints (.+)% .*",
        r"比率的变化以百分点计,原文印的 \1% 是相对变化",
    ),
    (
        r"formula (.+) has no saved value: .*",
        r"公式 \1 没有保存的计算结果:请在 Excel 或 WPS 中打开并保存,或直接填写数值",
    ),
    *(
        (rf"not an XLSX workbook: the file is {re.escape(en)}", f"不是 XLSX 工作簿:该文件是{zh}")
        for _magic, en, zh in _MAGIC
    ),
    (
        r"a (.+) spreadsheet is not read: save it as \.xlsx.*",
        r"不能直接读取 \1 格式的表格,请另存为 .xlsx 后再上传:WPS 表格中点「文件 → 另存为」,文件类型选"
        r"「Excel 文件(*.xlsx)」;Excel 中点「文件 → 另存为」,保存类型选「Excel 工作簿(*.xlsx)」",
    ),
    (r"not an XLSX workbook: the file is not a spreadsheet", "不是 XLSX 工作簿:该文件不是电子表格"),
    (r"not an XLSX workbook: a zip archive without a workbook inside", "不是 XLSX 工作簿:压缩包中没有工作簿"),
    (r"not an XLSX workbook: a damaged zip.*", "不是 XLSX 工作簿:文件已损坏(请在 Excel 或 WPS 中重新保存)"),
    (
        r"period (.+?): months (\d+)-(\d+) are not a year, half or quarter",
        r"时期 \1 (\2-\3月)不是全年、半年或季度:"
        r"请写成 2019年、2019年1-6月(上半年)、2019年7-9月(第三季度)或 2019年9月",
    ),
    (
        r"unit (.+?) after the number (.+?): the indicator is in (.+), type the number only",
        r"数值 \2 带的单位 \1 与指标的单位 \3 不符:请按 \3 换算后只填数字",
    ),
    (
        r"period (.+?) is a number: .*",
        r"时期 \1 是数字格式,分不清是1月还是10月:请写成 2019年1月 或 2019年10月(或把单元格设为文本)",
    ),
    (
        r"a cell in column (.+?) has no column name above it",
        r"第 \1 列有内容但没有列名(表头是否合并了单元格?):请在表头写上列名,或删除这一列的内容",
    ),
    (r"refused: the sheet has more than (.+) rows", r"已拒绝:工作表超过 \1 行数据"),
    (r"refused: the sheet has over (.+) rows", r"已拒绝:工作表超过 \1 行(含空行)"),
    (
        r"the sheet cannot be read from this row on \((.+)\)",
        "从这一行起工作表无法读取(文件内容已损坏或不是 Excel、WPS 保存的):请在 Excel 或 WPS 中重新保存后上传",
    ),
    (r"(.+) more problems not listed \(first (.+) shown\)", r"另有 \1 个问题未列出(只显示前 \2 个)"),
    (
        r"expected (.+) fields, found (.+) \(check quoting of commas\)",
        r"应有 \1 列,实际 \2 列(请检查逗号和引号)",
    ),
    (r"not an XLSX workbook.*", "不是 XLSX 工作簿"),
    (r"refused: the workbook contains macros.*", "已拒绝:工作簿含有宏,请另存为 .xlsx"),
    (r"refused: an \.xlsm workbook.*", "已拒绝:.xlsm 工作簿可能含有宏,请另存为 .xlsx"),
    (r"refused: (.+) MB uncompressed .*", r"已拒绝:解压后 \1 MB,超过上限(可能是压缩炸弹)"),
    (r"refused: the zip has (\d+) entries.*", r"已拒绝:压缩包含 \1 个条目,过多"),
    (r"the file is over (.+) MB", r"文件超过 \1 MB"),
    (r"the file is empty \(0 bytes\)", "文件为空(0 字节)"),
    (r"the workbook is empty.*", "工作簿是空的:各工作表没有数据行"),
    (
        r"the workbook has none of the sheets (.+) \(found: (.+)\).*",
        rf"工作簿中没有任何应有的工作表({_SHEETS_ZH});实际为:\2。请从下载的工作簿开始编辑",
    ),
    (r"file is empty \(no header\)", "表为空(没有表头)"),
    (r"file is not UTF-8; it was read as GB18030.*", "文件不是 UTF-8 编码,已按 GB18030(GBK)读取"),
    (r"a CSV must be named after its table: (?:one of )?(.+)", r"CSV 文件名须为表名之一:\1"),
    (r"no source names this document.*", "没有任何来源引用这个文件(「来源」表的「文件」列)"),
    (r"expected a workbook .*", "请上传工作簿(.xlsx)或单个表的 CSV 文件"),
    (r"a derived row needs a formula", "推算行需要填写公式"),
    (r"a derived row needs a value", "推算行需要填写数值"),
    (r"a reported row must not have a formula", "原文数据行不应填写公式"),
    (r"empty: a row needs a value .*", "数值为空:只有填写了同比增长(%)时数值才可为空"),
    (r"(.+) does not occur in source_quote", r"\1 没有出现在原文中"),
    (r"file not found", "找不到文件"),
    (r"bad formula: reference (.+) is empty", "公式有误:公式所依据的数字为空或不是数字(请先改正那一行)"),
    (r"bad formula: unknown reference (.+)", "公式有误:公式所依据的那一行不存在"),
    (r"bad formula: division by zero", "公式有误:除数为零"),
    (r"bad formula: .*", "公式有误:写法不对(推算行的公式由系统维护,请不要修改)"),
    (r"bad indicator code (.+) \(snake_case\)", r"指标代码 \1 格式不对(只用小写字母、数字和下划线)"),
    (r"bad period in reference: (.+)", r"公式中的时期有误:\1"),
    (r"bad source id (.+) \(.*\)", r"来源代码 \1 格式不对(只用小写字母、数字和短横线)"),
    (
        r"date (.+) does not match precision (.+?) .*",
        r"日期 \1 与精度不符(按日填 2019-06-30,按月填 2019-06,按年填 2019)",
    ),
    (
        r"derived value (.+) does not match its formula \(computes to (.+)\)",
        r"推算值 \1 与公式不符(公式算得 \2)",
    ),
    (r"duplicate indicator (.+)", r"重复的指标 \1"),
    (r"must be a path relative to the data directory: (.+)", r"应为相对路径:\1"),
    (r"must be one of (.+)", r"应为以下之一:\1"),
    (r"not an http\(s\) URL: (.+)", r"网址应以 http:// 或 https:// 开头:\1"),
    (r"qualifier (.+) but source_quote has none of (.+)", r"约数词与原文不符:原文中没有 \2"),
    (r"unit (.+) not in the allowed list", r"单位 \1 不在允许的列表中"),
    (r"unknown domain (.+)", r"未知领域 \1"),
    (
        r"unknown period code (.+?) \(.*",
        r"时期 \1 无法识别:请写成 2019年、2019年上半年、2019年1-6月、2019年第一季度、2019年9月或 2019.9",
    ),
    (r"unsupported document type.*", "不支持的文件类型(只接受 .txt、.md、.pdf)"),
    (r"cannot read file: (.+)", r"无法读取文件:\1"),
    (r"text starts like a formula: (.+)", r"文字以公式符号开头:\1"),
    (r"PDF has no text layer.*", "PDF 没有文字层(扫描件?):请保存为带文字的 PDF"),
    (r"cannot read PDF: (.+)", r"无法读取 PDF:\1"),
    (r"file is neither UTF-8 nor GB18030.*", "文件既不是 UTF-8 也不是 GB18030 编码:请另存为 UTF-8"),
    (r"CSV syntax error: (.+)", r"CSV 格式错误:\1"),
    (r"unexpected column \(ignored\)", "多余的列(已忽略)"),
    (r"not a CSV text file", "不是 CSV 文本文件"),
    (r"the store is empty.*", "数据库中还没有版本:请先上传完整的工作簿"),
    (r"refused: \[Content_Types\]\.xml is over 1 MB", "已拒绝:[Content_Types].xml 超过 1 MB"),
    (r"(.+) is not one of: (.+)", r"\1 不是以下之一:\2"),
    (r"bad code (.+) \(snake_case\)", r"代码 \1 格式不对(只用小写字母、数字和下划线)"),
    (r"not an ISO date \(YYYY-MM-DD\): (.+)", r"日期应写成 2019-06-30 这样的格式:\1"),
]


UNTRANSLATED = "此处内容不符合要求(请切换到 English 查看详细说明)"


def message(text: str, lang: str) -> str:
    """A validation problem in the editor's language. A message with no Chinese form yet says so
    in Chinese (never English on a Chinese page) and is logged for the developers."""
    if lang == "en":
        return text
    for pattern, template in _ZH:
        m = re.fullmatch(pattern, text, flags=re.S)
        if m:
            return m.expand(template)
    log.warning("admin: no Chinese form for the problem %r", text[:200])
    return UNTRANSLATED


def where(problem, label: str, lang: str) -> tuple[str, str, str]:
    """(sheet or file, row, column) of a problem, in an editor's terms (Chinese names in Chinese)."""
    file = problem.file
    if file.startswith(f"{label}/"):
        file = file[len(label) + 1 :]
    if ", sheet " in file:
        file = file.split(", sheet ", 1)[1]
    table = SHEETS.get(file) or (file if file in SHEETS.values() else None)
    column = problem.column or ""
    if lang == "en":
        sheet = f"sheet {table}" if table else file
        row = "" if problem.line is None else f"row {problem.line}"
        return sheet, row, column
    sheet = f"工作表「{table_zh(table)}」" if table else file
    row = "" if problem.line is None else f"第 {problem.line} 行"
    return sheet, row, column_zh(column, table or "") if column else ""
