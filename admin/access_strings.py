"""The words of who may see what in /admin, Chinese first and English: roles, the closed mode's
refusals, the single sign-on header, accounts and the audit list (`admin.strings.STRINGS` holds
them with the rest of /admin's words; `components.i18n.lookup` looks them up)."""

from __future__ import annotations

import re

from components.i18n import lookup

ACCESS = {
    "signin_required": ("请先登录。", "Sign in first."),
    "role_viewer": ("请先登录。", "Sign in first."),
    "role_editor": (
        "您的账户只能查看数据,不能编辑:需要“编辑”权限,请联系管理员。",
        "Your account may view the data only: editing needs the editor role (ask an administrator).",
    ),
    "role_admin": (
        "只有管理员可以管理账户和查看审计记录。",
        "Only administrators manage accounts and see the audit list.",
    ),
    "header_untrusted": (
        "请求被拒绝:用户名头只接受来自可信代理的请求。",
        "Refused: the user header is believed only from a trusted proxy.",
    ),
    "header_unknown": (
        "单点登录传来的用户在本系统中没有可用的账户:请管理员添加账户并授予角色。",
        "The single sign-on user has no active account here: ask an administrator to add one.",
    ),
    "signin_to_view": (
        "本站数据仅供内部使用:请登录后查看。没有账户请联系管理员。",
        "This site's data is internal: sign in to see it. Ask an administrator for an account.",
    ),
    "viewer_title": ("您可以查看看板", "You may view the dashboard"),
    "viewer_help": (
        "您的账户是“查看者”:可以查看看板、演示页和简报并下载数据,不能发布或回滚。",
        "Your account is a viewer: you may see the dashboard, the slides and the brief and download "
        "the data, not publish or roll back.",
    ),
    "accounts": ("账户管理", "Accounts"),
    "audit": ("审计记录", "Audit list"),
    "account_name": ("用户名", "Name"),
    "account_role": ("角色", "Role"),
    "account_state": ("状态", "State"),
    "account_since": ("创建时间", "Created"),
    "account_active": ("正常", "active"),
    "account_disabled": ("已停用", "disabled"),
    "account_add": ("添加账户", "Add an account"),
    "account_new_password": ("新密码", "New password"),
    "account_password_help": (
        "密码至少 10 个字符,不能是同一字符重复,也不能是最常见的密码。",
        "A password needs 10 characters besides spaces, not one character repeated, not a common one.",
    ),
    "account_set_role": ("更改角色", "Change the role"),
    "account_disable": ("停用", "Disable"),
    "account_enable": ("启用", "Enable"),
    "account_reset": ("重设密码", "Set the password"),
    "account_done": ("已保存。该账户需重新登录。", "Saved. That account signs in again."),
    "account_bad_name": (
        "用户名“{name}”不可用:只能用字母、数字、下划线、点、@ 和短横线,以字母或数字开头,最多 64 个字符。",
        "The name '{name}' cannot be used: letters, digits, _ . @ -, starting with a letter or digit, "
        "at most 64.",
    ),
    "account_bad_role": ("请选择角色:查看者、编辑或管理员。", "Choose a role: viewer, editor or admin."),
    "account_bad_password": ("密码不可用:{why}。", "The password cannot be used: {why}."),
    "account_exists": ("账户“{name}”已存在。", "The account '{name}' exists already."),
    "account_unknown": ("没有账户“{name}”。", "There is no account '{name}'."),
    "account_bad_change": ("无法识别的操作。", "Unknown change."),
    "account_last_admin": (
        "这是最后一个可用的管理员账户,不能停用或降级:请先让另一个账户成为管理员。",
        "This is the last active administrator: make another account admin first.",
    ),
    "roles_help": (
        "查看者:登录后查看看板(当设置为仅限登录访问时);编辑:还可以上传、发布和回滚;管理员:还可以管理账户、查看审计记录。",
        "Viewer: sees the dashboard when sign-in is required; editor: also uploads, publishes and rolls "
        "back; admin: also manages accounts and sees the audit list.",
    ),
    "audit_help": (
        "每次登录(包括失败)、发布、回滚、说明理由后发布和账户变更,最新的在前。记录只增不改。",
        "Every sign-in (failed ones too), publish, rollback, override and account change, newest "
        "first. Entries are only ever added.",
    ),
    "audit_where": ("来源地址", "From"),
    "audit_detail": ("详情", "Detail"),
    "audit_total": ("共 {n} 条,第 {p}/{pages} 页", "{n} entries, page {p} of {pages}"),
    "newer": ("较新", "Newer"),
    "older": ("较早", "Older"),
}

ROLE_NAMES = {"viewer": ("查看者", "viewer"), "editor": ("编辑", "editor"), "admin": ("管理员", "admin")}
AUDIT_ACTIONS = {
    "signin": ("登录", "signed in"),
    "signin_failed": ("登录失败", "sign-in failed"),
    "signin_throttled": ("登录过于频繁,被暂缓", "sign-in throttled"),
    "signout": ("退出登录", "signed out"),
    "publish": ("发布", "published"),
    "override": ("说明理由后发布", "published with a reason"),
    "rollback": ("回滚", "rolled back"),
    "user_add": ("添加账户", "added an account"),
    "user_role": ("更改角色", "changed a role"),
    "user_disable": ("停用账户", "disabled an account"),
    "user_enable": ("启用账户", "enabled an account"),
    "user_password": ("重设密码", "set a password"),
}


# a role or an action the tables lack (an older entry's) is said as its code
role_name = lookup(ROLE_NAMES, strict=False)
audit_action = lookup(AUDIT_ACTIONS, strict=False)


def audit_detail(entry: dict, lang: str) -> str:
    """An audit entry's detail, with roles and the single sign-on said in the reader's words."""
    detail = entry.get("detail") or ""
    if lang == "en":
        return detail
    if entry.get("action") == "signin" and detail == "sso":
        return "单点登录"
    if entry.get("action") in ("user_add", "user_role"):
        for code, (zh, _en) in ROLE_NAMES.items():
            detail = re.sub(rf"(?<=[ (]){code}(?=\)|$)", zh, detail)
    return detail
