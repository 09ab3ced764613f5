"""The words of /admin, Chinese first and English (kept here, out of `components/i18n.py`), and
validation problems said in an editor's terms (`metrics.problem_words`, shared with the command
line): sheet, row, column, in Chinese or English."""

from __future__ import annotations

import logging

from components.i18n import lookup
from metrics.problem_words import _ZH, SHEETS, UNTRANSLATED, message, where  # noqa: F401  (admin's words)

from .access_strings import ACCESS

log = logging.getLogger("getdz.admin")

STRINGS = {
    "title": ("数据管理", "Data administration"),
    "dashboard": ("返回看板", "Back to the dashboard"),
    "switch": ("English", "中文"),
    "signin": ("登录", "Sign in"),
    "signout": ("退出登录", "Sign out"),
    "signout_help": (
        "退出后,查看看板和数据需要重新登录。",
        "After signing out, the dashboard and its data ask you to sign in again.",
    ),
    "user": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "bad_login": ("用户名或密码不正确。", "Wrong user name or password."),
    "throttled": (
        "尝试次数过多,请{wait}后再试。",
        "Too many attempts: try again in {wait}.",
    ),
    "bad_request": (
        "请求有误:用户名中含有控制字符。",
        "Bad request: the user name holds control characters.",
    ),
    "forbidden": ("请求被拒绝:请从本站页面提交表单。", "Refused: submit the form from this site's page."),
    "setup_title": ("尚未启用编辑", "Editing is not set up"),
    "setup_secret": (
        "请设置环境变量 SECRET_KEY(一个长随机字符串,例如 "
        'python -c "import secrets; print(secrets.token_hex(32))" 的输出),'
        "然后重启应用。看板照常对外开放。",
        "Set the environment variable SECRET_KEY (a long random string, e.g. the output of "
        'python -c "import secrets; print(secrets.token_hex(32))"), then restart the app. '
        "The dashboard stays open as before.",
    ),
    "setup_store": (
        "应用以 GETDZ_DATA_DIR 直接读取数据目录,没有数据库,不能在线编辑。",
        "The app reads a data directory (GETDZ_DATA_DIR) without a database: editing is not available.",
    ),
    "sqlite_warning": (
        "注意:数据保存在 SQLite 文件中,而本主机重启时会清空文件系统,发布的更改将在重启后丢失。"
        "请设置 DATABASE_URL(如 Heroku Postgres)。",
        "Warning: the data is kept in an SQLite file on a host whose filesystem is wiped on restart: "
        "published changes will be lost. Set DATABASE_URL (e.g. Heroku Postgres).",
    ),
    "database": (
        "数据库暂时无法连接,未做任何更改。看板继续显示当前数据。请稍后再试。",
        "The database cannot be reached; nothing was changed. The dashboard keeps serving. Try again later.",
    ),
    "current": ("当前版本", "Current version"),
    "download": ("下载当前数据工作簿", "Download the current workbook"),
    "download_help": (
        "在 Excel 或 WPS 中编辑下载的工作簿(不要改工作表名和列名),然后上传。",
        "Edit the downloaded workbook in Excel or WPS (keep the sheet and column names), then upload it.",
    ),
    "upload": ("上传并预览", "Upload and preview"),
    "upload_file": ("工作簿(.xlsx,≤10 MB)或单个表的 CSV", "Workbook (.xlsx, ≤ 10 MB) or one table as CSV"),
    "upload_docs": ("来源文件(可选:.txt、.md、.pdf)", "Source documents (optional: .txt, .md, .pdf)"),
    "nothing_changed": ("尚未发布,数据未改动。", "Nothing was published; the data is unchanged."),
    "preview": ("发布前预览", "Preview before publishing"),
    "based_on": ("基于版本", "Based on version"),
    "problems": ("问题", "Problems"),
    "no_problems": ("0 个问题", "0 problems"),
    "n_problems": ("{n} 个问题:全部改正后才能发布", "{n} problem(s): fix them all before publishing"),
    "warnings": ("提示", "Notes"),
    "changes": ("与当前版本相比的变化", "Changes from the current version"),
    "no_changes": ("与当前版本完全相同,无需发布。", "Identical to the current version: nothing to publish."),
    "rows_added": ("新增{n}行", "{n} row(s) added"),
    "rows_changed": ("修改{n}行", "{n} row(s) changed"),
    "rows_removed": ("删除{n}行", "{n} row(s) removed"),
    "list_sep": ("、", ", "),
    "table": ("表", "Table"),
    "where": ("工作表或文件", "Sheet or file"),
    "row": ("行", "Row"),
    "added": ("新增", "Added"),
    "changed": ("修改", "Changed"),
    "removed": ("删除", "Removed"),
    "column": ("列", "Column"),
    "old": ("原值", "Old"),
    "new": ("新值", "New"),
    "pct": ("变化", "Change"),
    "table_counts": (
        "{table}表:新增{a}行、修改{c}行、删除{r}行",
        "{table}: {a} added, {c} changed, {r} removed",
    ),
    "seed_author": ("系统", "seed"),
    "seed_note": ("随系统发布的初始数据", "the shipped data/ files"),
    "new_periods": ("新时期", "New periods"),
    "new_indicators": ("新指标", "New indicators"),
    "new_sources": ("新来源", "New sources"),
    "documents": ("来源文件", "Documents"),
    "recomputed": ("按公式重算的推算值", "Derived values recomputed from their formulas"),
    "recomputed_help": (
        "推算值由公式根据原文数据自动计算,发布时随所依据的数字一起更新,无需手工修改。",
        "Derived values are computed from the reported figures; they follow them on every publish.",
    ),
    "recomputed_line": (
        "按公式重算:{name} {period} {old} → {new}",
        "Recomputed: {name} {period} {old} → {new}",
    ),
    "checks": ("一致性核对", "Consistency checks"),
    "checks_counts": ("通过 {p},未通过 {f},未核对 {s}", "{p} passed, {f} failed, {s} skipped"),
    "newly_possible": ("新增核对", "Newly possible checks"),
    "newly_failed": ("新出现的未通过", "Newly failing"),
    "fixed": ("改正后通过", "Now passing"),
    "still_failed": ("仍未通过", "Still failing"),
    "gone": ("不再核对", "No longer checked"),
    "cards": ("首页指标卡预览", "Headline cards as they would look"),
    "note": ("发布说明(必填)", "Note (required)"),
    "note_col": ("说明", "Note"),
    "st_passed": ("通过", "passed"),
    "st_failed": ("未通过", "failed"),
    "st_skipped": ("未核对", "skipped"),
    "more": ("(另 {n} 项)", "(and {n} more)"),
    "note_required": ("请填写说明。", "A note is required."),
    "publish": ("发布", "Publish"),
    "n_blocking": (
        "{n} 项一致性核对新出现未通过:默认不能发布",
        "{n} consistency check(s) newly failing: publishing is blocked by default",
    ),
    "blocking_help": (
        "请先核对原文和所填数字。如确认数字与原文一致(例如原文如此),可写明理由后发布:"
        "理由会记入版本历史,并在看板上标注这个数字。",
        "Check the figures against the source first. If they are right as printed, write why and "
        "publish: the reason is kept in the history and the figure is flagged on the dashboard.",
    ),
    "override": ("坚持发布的理由(必填)", "Why publish anyway (required)"),
    "publish_override": ("说明理由后发布", "Publish with this reason"),
    "blocked_no_reason": (
        "有 {n} 项核对新出现未通过,未发布:请在预览页写明理由后再发布。",
        "{n} check(s) newly failing; nothing was published. Write the reason on the preview page.",
    ),
    "failing_kept": (
        "0 个问题;仍有 {n} 项核对未通过(此前已说明理由或原文如此)",
        "0 problems; {n} check(s) still failing (explained before, or as printed)",
    ),
    "overridden": ("说明理由后发布", "Published with a reason"),
    "publish_disabled": ("存在问题,不能发布。", "Publishing is disabled while problems remain."),
    "published": (
        "已发布版本 {n}。各实例将在 10 秒内显示新数据。",
        "Published version {n}. Every instance shows it within 10 s.",
    ),
    "rolled_back": (
        "已回滚:版本 {n} 恢复了版本 {r} 的内容。",
        "Rolled back: version {n} restores version {r}.",
    ),
    "conflict": (
        "在您预览之后,其他编辑已发布版本 {n}。请重新上传以获得新的预览。",
        "Another editor published version {n} after your preview. Upload again for a fresh preview.",
    ),
    "rollback_conflict": (
        "在您查看历史之后,版本 {n} 已成为当前版本,未回滚。请刷新历史页面再决定。",
        "Version {n} became current after you viewed the history; nothing was rolled back. "
        "Reload the history and decide again.",
    ),
    "base_required": (
        "请从版本历史页面提交回滚(缺少当前版本号)。",
        "Roll back from the history page (the form lacks the current version).",
    ),
    "no_version": ("没有版本 {n}。", "There is no version {n}."),
    "gone_upload": (
        "找不到这次上传(可能已发布或已过期)。请重新上传。",
        "This upload is gone (published or expired). Upload again.",
    ),
    "history": ("版本历史", "History"),
    "version": ("版本", "Version"),
    "when": ("时间", "When"),
    "who": ("发布人", "Who"),
    "action": ("操作", "Action"),
    "summary": ("变化摘要", "Changes"),
    "rollback": ("回滚到此版本", "Roll back to this version"),
    "rollback_note": ("回滚说明(必填)", "Rollback note (required)"),
    "rollback_title": ("回滚到版本 {n}", "Roll back to version {n}"),
    "rollback_will": (
        "确认前请核对:回滚会让当前版本 {c} 变成版本 {n} 的内容(作为新版本记录)",
        "Check before confirming: the current version {c} becomes version {n}'s content (as a new version)",
    ),
    "rollback_confirm": ("确认回滚到版本 {n}", "Roll back to version {n}"),
    "now_value": ("现在", "Now"),
    "after_value": ("回滚后", "After"),
    "will_remove": ("将删除", "Will be removed"),
    "will_add": ("将恢复", "Will come back"),
    "cancel": ("取消", "Cancel"),
    "download_version": ("下载", "Download"),
    "is_current": ("当前", "current"),
    "act_seed": ("初始导入", "seed"),
    "act_publish": ("发布", "publish"),
    "act_rollback": ("回滚(恢复版本 {r})", "rollback (restores {r})"),
    "too_large": ("文件超过 10 MB,未处理。", "The file is over 10 MB; it was not read."),
    "history_note": (
        "历史记录不可编辑或删除;回滚会新增一个版本。",
        "History cannot be edited or deleted; a rollback adds a version.",
    ),
    **ACCESS,  # who may see what: roles, accounts, the audit list, the closed mode
}


def duration(wait, lang: str) -> str:
    """A wait (timedelta) in words: 30 秒 / 2 分钟."""
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 120:
        return f"{seconds} 秒" if lang != "en" else f"{seconds} s"
    minutes = (seconds + 59) // 60
    return f"{minutes} 分钟" if lang != "en" else f"{minutes} min"


t = lookup(STRINGS)
