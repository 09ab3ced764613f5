"""The one home for user-visible strings, in Chinese (default) and English.

Data carries codes (`chain = "nev"`); labels are looked up here by code and language. Names of
indicators come from `data/indicators.csv` (name_zh / name_en), not from here.
"""

from __future__ import annotations

from metrics.i18n import LANGS, lookup  # noqa: F401  (the one lookup, below every layer)

STRINGS: dict[str, tuple[str, str]] = {
    "zone": ("赣州经济技术开发区", "Ganzhou Economic and Technological Development Zone"),
    "title": ("经济数据看板", "Economic dashboard"),
    "tab_title": ("赣州经开区经济数据看板", "GETDZ economic dashboard"),
    "as_of": ("数据截至", "Data as of"),
    "source": ("来源", "Source"),
    "source_label": ("出处", "Source"),
    "period": ("时期", "Period"),
    "unit": ("单位", "Unit"),
    "caliber": ("口径", "Basis"),
    "yoy": ("同比", "YoY"),
    "change": ("净增", "Net increase"),
    "reported": ("公布值", "Reported"),
    "derived": ("推算", "Derived"),
    "derived_note": (
        "推算值:由公布数据计算,非原文数字",
        "Derived: computed from reported figures, not printed in the source",
    ),
    "formula": ("公式", "Formula"),
    "check_failed": ("校验未通过", "Consistency check failed"),
    "check_override": ("发布时说明", "Published with the reason"),
    "check_passed": ("校验通过", "Consistency check passed"),
    "check_skipped": ("未校验", "Not checked"),
    "checks_passed": ("通过 {}", "{} passed"),
    "checks_failed": ("未通过 {}", "{} failed"),
    "checks_skipped": ("未校验 {}", "{} not checked"),
    "no_data": ("该时期无数据", "No data for this period"),
    "switch_lang": ("English", "中文"),
    "switch_lang_label": ("切换到英文", "Switch to Chinese"),
    "signout": ("退出登录", "Sign out"),
    "notice_bad_params": (
        "链接中的参数无效,已使用默认值:",
        "Invalid link parameters were replaced by defaults: ",
    ),
    "dashboard": ("看板", "Dashboard"),
    "present": ("演示", "Present"),
    "wall": ("大屏", "Wall"),
    "briefing": ("简报", "Briefing"),
    "nav": ("页面", "Pages"),
    "filters": ("筛选", "Filters"),
    "all_chains": ("全部产业链", "All chains"),
    # panels
    "panel_overview": ("总览", "Overview"),
    "panel_industry": ("工业经济", "Industrial economy"),
    "panel_chains": ("三大产业链", "The three industry chains"),
    "panel_poverty": ("脱贫攻坚", "Poverty alleviation"),
    "panel_talent": ("人才与创新", "Talent and innovation"),
    "panel_urban": ("产城融合与放管服改革", "Urban development and reform"),
    "panel_timeline": ("大事记", "Timeline"),
    "panel_trend": ("历年走势", "Over the years"),
    # chains
    "chain_nev": ("新能源汽车", "New-energy vehicles"),
    "chain_electronics": ("电子信息", "Electronic information"),
    "chain_rare_earth": ("稀土新材料", "Rare earth new materials"),
    "chain_role_nev": ("首位产业", "leading industry"),
    "chain_role_electronics": ("主导产业", "pillar industry"),
    "chain_role_rare_earth": ("传统产业转型升级", "traditional industry being upgraded"),
    # metrics of the chain panel
    "metric_revenue": ("主营业务收入", "Main business revenue"),
    "metric_yoy": ("同比增长", "Year-on-year growth"),
    "metric_change": ("同比净增", "Net increase"),
    "metric_enterprises": ("规上企业数", "Enterprises above designated size"),
    "metric_share": ("占全区规上工业比重", "Share of the zone's industrial revenue"),
    # metrics of the industry panel
    "metric_level": ("总量", "Level"),
    "metric_growth": ("增速", "Growth"),
    # labels
    "label_period": ("时期", "Period"),
    "label_chain": ("产业链", "Industry chain"),
    "label_chain_metric": ("产业链指标", "Chain metric"),
    "label_industry_metric": ("工业经济指标", "Industry metric"),
    "label_campaign": ("整改专项", "Rectification campaign"),
    "chain_stages": ("产业链环节", "Chain stages"),
    "key_players": ("重点企业与项目", "Key enterprises and projects"),
    "stages_current": ("已形成", "In place"),
    "stages_planned": ("发展思路", "Planned"),
    "campaign_problems": ("问题", "Problems"),
    "campaign_measures": ("整改举措", "Measures"),
    "campaign_completed": ("已完成", "Completed"),
    "campaign_rate": ("完成率", "Completion rate"),
    "all_campaigns": ("全部专项", "All campaigns"),
    "click_to_filter": ("点击柱形按产业链筛选", "Click a bar to filter by chain"),
    "checks": ("一致性校验", "Consistency checks"),
    "skip_link": ("跳到主要内容", "Skip to main content"),
    "prev_level": ("上年同期(推算)", "Same period last year (derived)"),
    "chart_bases": ("产业扶贫基地", "Poverty-alleviation production bases"),
    "chart_income": ("贫困户户均增收(今年以来)", "Income gain per poor household (this year)"),
    "chart_changtian": ("长田村集体经济收入来源", "Changtian village: sources of collective income"),
    "chart_platforms": ("创新平台与工作站", "Innovation platforms and workstations"),
    "growth_title": ("主要指标增速", "Growth of the headline indicators"),
    # serving.unavailable: the page served when the data failed to load (GETDZ_ON_DATA_ERROR=unavailable)
    "unavailable_title": ("数据暂不可用 Data temporarily unavailable", "Data temporarily unavailable"),
    "unavailable_body": (
        "看板数据未通过校验，正在恢复，请稍后再试。"
        "The dashboard's data failed its checks; please try again later.",
        "The dashboard's data failed its checks; please try again later.",
    ),
    # presenter and wall slides (pages/slides/)
    "slide": ("幻灯片", "slide"),
    "slides_paused": ("已暂停自动播放 (P 继续)", "Auto-advance paused (P to resume)"),
    "slides_keys": (
        "← → 翻页 · 数字+回车 跳转 · F 全屏 · P 暂停 · N 口径说明",
        "← → move · number + Enter jump · F full screen · P pause · N definitions",
    ),
    "slides_jump": ("跳转到", "Go to"),
    "slides_no_notes": ("本页没有口径说明", "No definitions on this slide"),
    # downloads and the briefing (components/downloads.py, pages/briefing.py)
    "zone_short": ("赣州经开区", "GETDZ"),
    "panel_campaigns": ("整改专项", "Rectification campaigns"),
    "dataset": ("数据集", "dataset"),
    "download": ("下载数据", "Download data"),
    "download_campaigns": ("整改专项数据", "Campaign data"),
    "download_csv_title": (
        "下载本板块数据(CSV,Excel可直接打开)",
        "Download this panel's data (CSV, opens in Excel)",
    ),
    "download_xlsx_title": (
        "下载本板块数据(Excel工作簿,含来源)",
        "Download this panel's data (Excel workbook with sources)",
    ),
    "download_dataset": ("完整数据集", "Whole dataset"),
    "download_dataset_title": (
        "下载完整数据集(Excel工作簿,每表一页,含来源)",
        "Download the whole dataset (Excel workbook, a sheet per table, with sources)",
    ),
    "col_indicator": ("指标代码", "Indicator code"),
    "col_name": ("名称", "Name"),
    "col_period": ("时期代码", "Period code"),
    "col_period_label": ("时期", "Period"),
    "col_value": ("数值", "Value"),
    "col_qualifier": ("约数", "Qualifier"),
    "col_unit": ("单位", "Unit"),
    "col_yoy_pct": ("同比增长(%)", "YoY growth (%)"),
    "col_change": ("净增", "Net increase"),
    "col_kind": ("类型", "Kind"),
    "col_formula": ("推算公式", "Formula"),
    "col_caliber": ("口径", "Basis"),
    "col_source": ("来源", "Source"),
    "col_source_quote": ("原文", "Source sentence (verbatim)"),
    "sheet_sources": ("来源", "Sources"),
    "sheet_about": ("说明", "About"),
    "about_item": ("项目", "Item"),
    "about_value": ("内容", "Value"),
    "about_panel": ("板块", "Panel"),
    "about_version": ("数据版本", "Data version"),
    "about_link": ("看板链接", "Dashboard link"),
    "about_derived": (
        "“推算”行由公布数据按公式计算,非原文数字",
        "Rows of kind 'Derived' are computed from reported figures by their formula; "
        "they are not printed in the source",
    ),
    "campaign_categories": ("问题类别", "Problem categories"),
    "campaign_completion": ("完成比例(推算)", "Completion share (derived)"),
    "briefing_title": ("经济简报", "Economic briefing"),
    "briefing_headline": ("主要指标", "Headline figures"),
    "briefing_charts": ("重点图表", "Key charts"),
    "briefing_notes": ("注释与出处", "Notes and sources"),
    "briefing_qr": ("扫码打开同一视图", "Scan to open this view"),
    "briefing_print": ("打印 / 存为PDF", "Print / Save as PDF"),
    "briefing_chart_notes": ("图中数据出处:注", "Chart data: notes"),
    "briefing_from_notes": ("(据注{})", "(from notes {})"),
    "briefing_trend_title": ("{} · 历年({})", "{} by year ({})"),
    "briefing_derived_legend": (
        "带“推算”标记的数值由公布数据计算,公式见注释",
        "'Derived': computed from reported figures (see the notes)",
    ),
    "briefing_sources": ("资料来源", "Sources"),
    # the dashboard's first screen, sections and honest charts (pages/dashboard.py, figures.py)
    "nav_sections": ("板块导航", "Sections"),
    "section_overview": ("总览", "Overview"),
    "section_industry": ("工业经济", "Industry"),
    "section_chains": ("三大产业链", "Chains"),
    "section_poverty": ("脱贫攻坚", "Poverty"),
    "section_talent": ("人才与创新", "Talent"),
    "section_urban": ("产城融合", "Urban"),
    "section_timeline": ("大事记", "Timeline"),
    "more_figures": ("更多指标 ({})", "More figures ({})"),
    "more_events": ("更多大事 ({})", "More events ({})"),
    "growth_word": ("增速", "growth of"),
    "and_word": ("和", " and "),
    "derived_from": ("由{}推算", "derived from {}"),
    "vs_prior": ("上年同期", "Same period a year before"),
    "yoy_label": ("同比", "YoY"),
    "no_growth": ("{}:原文未载增速", "{}: no growth rate in the source"),
    "no_data_named": ("{}:原文未载本项数据", "{}: the source gives no figure for this"),
    "no_chain_data": ("{}:原文未载{}数据", "{}: the source gives no {} figure"),
    "no_campaign": ("原文未载该专项的整改数量", "The source gives no counts for this campaign"),
    # the same, when the data has more than one source: {period}, {the sources searched}, ...
    "no_growth_in": ("{}:{}均未载增速", "{}: none of {} gives a growth rate"),
    "no_data_named_in": ("{}:{}均未载本项数据", "{}: none of {} gives a figure for this"),
    "no_chain_metric": ("{0}:原文未载{1}的{2}", "{0}: the source gives no {2} for {1}"),
    "no_chain_metric_in": ("{0}:{1}均未载{2}的{3}", "{0}: none of {1} gives {3} for {2}"),
    "all_chains_of": ("各产业链", "any chain"),
    "no_chain_data_in": ("{}:{}均未载{}数据", "{}: none of {} gives a {} figure"),
    "period_lacks": ("{}缺{}", "{} lacks {}"),
    "lacks_derived": (
        "(卡片中的推算值由其他时期的数据算出)",
        " (the cards' derived values are computed from other periods)",
    ),
    # a year's header in the grouped period control (pages/dashboard/filters.py)
    "period_year": ("{}年", "{}"),
    # trends (components/trends.py)
    "trend_title": ("{} · 历年走势({})", "{} over the years ({})"),
    "chains_trend_title": (
        "三大产业链主营业务收入 · 历年走势({})",
        "Revenue of the three chains over the years ({})",
    ),
    "chains_trend_label": ("三大产业链主营业务收入历年走势", "The three chains' revenue over the years"),
    "trend_lead_label": ("规上工业营收历年走势", "Industrial revenue over the years"),
    "trend_growth": ("同比增长(%)", "YoY growth (%)"),
    "trend_one_point": ("{}:只有{}一个数据,画不出走势", "{}: one figure only ({}), no trend to draw"),
    "trend_no_points": ("{}:没有{}数据", "{}: no {} figures"),
    "trend_gaps": ("缺{}", "no figure for {}"),
    "trend_chain_none": ("原文未载", "no figures"),
    "stock_as_of": ("(截至{})", " (as of {})"),
    "data_stale": ("数据截至{},已逾{}个月", "Data as of {}, over {} months old"),
    "growth_title_period": ("同比增速 · {}", "Year-on-year growth · {}"),
    "level_title": ("总量 · {}与上年同期(各自坐标)", "Levels · {} and a year before (each on its own axis)"),
    "axis_yoy": ("同比增长(%)", "Year-on-year growth (%)"),
    "axis_completion": ("完成率(%)", "Completed (%)"),
    "campaign_title": ("整改完成率", "Share of rectification completed"),
    "comparable_mark": ("(可比价)", " (comparable prices)"),
    "comparable_note": (
        "(可比价):按可比价格计算的增速,其余为现价增速,二者口径不同",
        "(comparable prices): growth at comparable prices; the others are at current prices",
    ),
    "of_which": ("其中:", "of which: "),
    "as_of_period": ("截至{}", "as of {}"),
    "campaign_group_measures": (
        "按整改举措计:已完成举措 / 制定的举措",
        "By measures: completed of those drawn up",
    ),
    "campaign_group_problems": ("按问题计:已整改问题 / 反馈的问题", "By problems: rectified of those found"),
    "campaign_unit_measures": ("项举措", " measures"),
    "campaign_unit_problems": ("个问题", " problems"),
    "key_derived": ("推算", "Derived"),
    "key_rise": ("增长", "Rise"),
    "key_fall": ("下降", "Fall"),
    "key_others": ("其他时期({})", "other periods ({})"),
    "save_png": ("下载图片", "Save image"),
    "save_png_title": ("下载此图 (PNG)", "Download this chart (PNG)"),
    "chart_data": ("图表数据与出处", "Chart data and sources"),
    "stock_note": ("存量指标,显示最新值", "Stock figures: latest value"),
    "chains_line": ("三大产业链 · {}", "The three chains · {}"),
    "share_of_zone": ("占全区", "of the zone"),
    "updating": ("更新中…", "Updating…"),
    "open_filters": ("筛选", "Filters"),
    "close": ("关闭", "Close"),
    "menu": ("菜单", "Menu"),
    "filter_affects": ("影响:总览、工业经济、三大产业链", "Affects: overview, industry, chains"),
    "poverty_line": ("脱贫攻坚", "Poverty alleviation"),
    "talent_line": ("人才与创新", "Talent and innovation"),
    "chain_stages_players": ("产业链环节与重点企业", "Chain stages, key enterprises and projects"),
    "briefing_key_points": ("核心要点", "Key points"),
    "briefing_chains_line": ("三大产业链主营业务收入", "Revenue of the three chains"),
    "briefing_fastest": (";{}增速最快", "; {} grew fastest"),
    "briefing_issuer": ("编发单位", "Issued by"),
    "toggle_section": ("展开/收起本板块", "Show or hide this section"),
    "colour_note": ("红▲为增长,绿▼为下降", "Red ▲ rise, green ▼ fall"),
    # components/errors.py: the page for a path that is not in the route table (HTTP 404)
    "not_found_title": ("页面不存在", "Page not found"),
    "not_found_body": (
        "这个地址没有对应的页面。请从上方导航进入看板、演示、大屏或简报。",
        "There is no page at this address. Use the navigation above for the dashboard, "
        "presentation, wall or briefing.",
    ),
    "notice_more_params": ("等", "and more"),
    "param_lang": ("语言", "Language"),
    "param_query": ("整个链接(过长)", "the whole link (too long)"),
    "param_slides": ("幻灯片", "Slides"),
    "param_slide": ("幻灯片“{}”", "slide '{}'"),
    "param_interval": ("翻页间隔", "Slide interval"),
    "param_poll": ("数据刷新间隔", "Data refresh interval"),
    "param_fit": ("适配方式", "Fit"),
    "param_w": ("宽度", "Width"),
    "param_h": ("高度", "Height"),
    "param_kiosk": ("展台模式", "Kiosk mode"),
    "param_unknown": ("未知参数“{}”", "unknown parameter '{}'"),
    # the wall's furniture and the presenter's notes (pages/slides/)
    "slides_fullscreen": ("全屏", "Full screen"),
    "slides_notes": ("口径说明", "Definitions"),
    # the wall's clock: {y} {m} {d} {w} (weekday) {mon} (month name) {H} {M}
    "clock_format": ("{y}年{m}月{d}日 星期{w} {H}:{M}", "{w} {d} {mon} {y} {H}:{M}"),
    "clock_weekdays": ("日,一,二,三,四,五,六", "Sun,Mon,Tue,Wed,Thu,Fri,Sat"),
    "clock_months": ("1,2,3,4,5,6,7,8,9,10,11,12", "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec"),
}


t = lookup(STRINGS)


def pick(row, field: str, lang: str) -> str:
    """A bilingual data field: `row[field_en]` in English, `row[field_zh]` otherwise."""
    return str(row[f"{field}_en" if lang == "en" else f"{field}_zh"])


def missing(key: str, lang: str, period: str, *rest, sources=()) -> str:
    """A missing-data text (`no_growth`, `no_data_named`, `no_chain_data`) that names what was
    searched: 原文 / "the source" when the data has one source, the sources' names (e.g. the
    values of `Context.sources`) when it has more. `period` is the period's label."""
    sources = list(sources)
    if len(sources) > 1:
        joined = (", " if lang == "en" else "、").join(sources)
        return t(f"{key}_in", lang).format(period, joined, *rest)
    return t(key, lang).format(period, *rest)


# a URL parameter -> the label its filter or option carries on the page
PARAM_KEYS = {
    "period": "label_period",
    "chain": "label_chain",
    "cm": "label_chain_metric",
    "im": "label_industry_metric",
    "campaign": "label_campaign",
    **{
        name: f"param_{name}"
        for name in ("lang", "query", "slides", "interval", "poll", "fit", "w", "h", "kiosk")
    },
}


def param_label(name: str, lang: str) -> str:
    """A rejected URL parameter as the reader knows it: its filter's label (时期, Period), a slide
    by its name, anything else quoted as typed (its text shortened by the caller)."""
    if name in PARAM_KEYS:
        return t(PARAM_KEYS[name], lang)
    if name.startswith("slides="):
        return t("param_slide", lang).format(name.partition("=")[2])
    return t("param_unknown", lang).format(name)


def lacks_note(period: str, names, lang: str) -> str:
    """What a period lacks of the headline set, for the period filter's note and the empty states:
    2019年缺规上工业增加值、财政总收入 (empty when it lacks nothing). `period` is its label."""
    names = list(names)
    if not names:
        return ""
    return t("period_lacks", lang).format(period, (", " if lang == "en" else "、").join(names))
