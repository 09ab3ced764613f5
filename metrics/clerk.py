"""The clerk's words for the dataset's tables and columns: the Chinese names a 统计员 sees in
/admin (and in the workbook), beside the codes the files keep."""

from __future__ import annotations

TABLES_ZH = {
    "sources": "来源",
    "indicators": "指标",
    "observations": "数据",
    "chain_stages": "产业链环节",
    "chain_entities": "产业链企业",
    "campaigns": "专项行动",
    "timeline": "大事记",
    "relations": "核对关系",
}

COLUMNS_ZH = {
    "source": "来源",
    "title": "标题",
    "publisher": "发布单位",
    "date": "日期",
    "url": "网址",
    "file": "文件",
    "indicator": "指标",
    "domain": "领域",
    "name_zh": "中文名称",
    "name_en": "英文名称",
    "unit": "单位",
    "caliber_zh": "统计口径",
    "caliber_en": "英文口径",
    "period": "时期",
    "value": "数值",
    "qualifier": "约数词",
    "yoy_pct": "同比增长(%)",
    "change": "比上年增减",
    "kind": "类型",
    "formula": "公式",
    "source_quote": "原文",
    "chain": "产业链",
    "line": "链条",
    "plan": "规划",
    "stage_order": "环节顺序",
    "stage_zh": "环节",
    "stage_en": "英文环节",
    "entity_zh": "企业",
    "entity_en": "英文企业名",
    "role": "角色",
    "note_zh": "说明",
    "note_en": "英文说明",
    "campaign": "专项行动",
    "categories": "类别数",
    "problems": "问题数",
    "measures": "措施数",
    "completed": "完成数",
    "completed_unit": "完成单位",
    "rate_pct": "完成率(%)",
    "precision": "日期精度",
    "event_zh": "事件",
    "event_en": "英文事件",
    "check_type": "核对类型",
    "parts": "分项",
    "total": "合计",
    "total_period": "合计时期",
    "checked": "是否核对",
}

KINDS_ZH = {"reported": "原文数据", "derived": "推算"}
# The hedge word each qualifier stands for, as the clerk types it (schema.QUALIFIER_WORDS).
QUALIFIERS_ZH = {"nearly": "近", "over": "多", "about": "约", "top": "前"}
# Every closed list of codes, by column (a column means the same in every table that has it), as
# the clerk sees and types it in the workbook (schema's DOMAINS, CHAINS, PLANS ...).
VALUES_ZH = {
    "kind": KINDS_ZH,
    "qualifier": QUALIFIERS_ZH,
    "domain": {
        "overview": "综合",
        "industry": "工业经济",
        "nev": "新能源汽车",
        "electronics": "电子信息",
        "rare_earth": "稀土新材料",
        "poverty": "脱贫攻坚",
        "innovation": "科技创新",
        "talent": "人才",
        "urban": "产城融合",
        "reform": "改革",
        "history": "发展历程",
    },
    "chain": {"nev": "新能源汽车", "electronics": "电子信息", "rare_earth": "稀土新材料"},
    "plan": {"current": "现有", "planned": "规划"},
    "role": {"enterprise": "企业", "project": "项目"},
    "precision": {"day": "日", "month": "月", "year": "年"},
    "completed_unit": {"measures": "措施", "problems": "问题"},
    "check_type": {
        "component_le_total": "分项不大于合计",
        "sum_equals_total": "分项之和等于合计",
        "ratio_without_printed_rate": "比率(原文未载)",
        "rounded_figure": "约数与精确数",
        "comparable_prices": "可比价与现价",
    },
    "checked": {"yes": "是", "no": "否"},
}
# The column that is a row's own code on its sheet (kept as a code: the other sheets name the row
# by it), headed so the clerk knows it is one.
KEY_COLUMNS_ZH = {
    "sources": ("source", "来源代码"),
    "indicators": ("indicator", "指标代码"),
    "campaigns": ("campaign", "行动代码"),
    "chain_stages": ("line", "链条代码"),
}


def table_zh(code: str) -> str:
    return TABLES_ZH.get(code, code)


def column_zh(code: str, table: str = "") -> str:
    """A column's Chinese header (on `table`'s sheet: its own code column says 代码)."""
    key, header = KEY_COLUMNS_ZH.get(table, ("", ""))
    return header if code == key else COLUMNS_ZH.get(code, code)


def value_zh(column: str, code: str) -> str:
    """A code of a closed list as the clerk sees it (原文数据, 新能源汽车, 是); other text as is."""
    return VALUES_ZH.get(column, {}).get(code, code)
