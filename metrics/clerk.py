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


def table_zh(code: str) -> str:
    return TABLES_ZH.get(code, code)


def column_zh(code: str) -> str:
    return COLUMNS_ZH.get(code, code)
