"""The template of `/etc/getdz.env`, the systemd unit's EnvironmentFile: every setting the app,
gunicorn and the store read, each with its default, commented out (`tests/test_deploy.py` checks
the list against the code, so a new setting cannot be missed).

`install.sh` writes it once (an operator's edits are never overwritten) and sets, uncommented,
what a box needs: the SQLite file outside the releases, the bind address, the public URL, a
random SECRET_KEY and the static cache directory.
"""

from __future__ import annotations

from serving.config import Settings

_D = Settings()

# (variable, default as written in the file, what it is): one line each, Chinese first
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("PORT", "8050", "端口 / port gunicorn binds"),
    ("HOST", "0.0.0.0", "监听地址 / interface gunicorn binds (127.0.0.1 behind nginx)"),
    ("WEB_CONCURRENCY", "2", "gunicorn 进程数 / worker processes"),
    ("GUNICORN_THREADS", "4", "每进程线程数 / threads per worker"),
    ("FORWARDED_ALLOW_IPS", "127.0.0.1", "可信代理 / proxies trusted for X-Forwarded-Proto"),
    ("MALLOC_ARENA_MAX", "2", "glibc 内存池数 (the unit sets it) / malloc arenas"),
    ("DATABASE_URL", "", "数据库 / PostgreSQL URL; unset: SQLite file"),
    ("SECRET_KEY", "", "签名 /admin 会话 / signs the editors' session cookie (required for /admin)"),
    ("GETDZ_REQUIRE_SIGNIN", "false", "只对登录用户开放 / pages, files, callbacks for signed-in users only"),
    ("GETDZ_TRUSTED_USER_HEADER", "", "单点登录代理的用户名头 / SSO proxy's user header, e.g. X-Remote-User"),
    ("GETDZ_PUBLIC_URL", _D.public_url, "对外网址 / absolute root URL (QR codes, workbook links)"),
    ("GETDZ_ALLOWED_HOSTS", "", "允许的主机名 / Host names allowed in absolute links"),
    ("GETDZ_FRAME_ANCESTORS", _D.frame_ancestors, "允许嵌入的页面 / CSP frame-ancestors"),
    ("GETDZ_FORCE_HSTS", "false", "总是发送 HSTS / send HSTS over plain HTTP too"),
    ("GETDZ_MAX_CONTENT_LENGTH", str(_D.max_content_length), "请求体上限(字节) / largest request body"),
    ("GETDZ_PRECOMPRESS", "true", "压缩响应 / brotli/gzip responses"),
    ("GETDZ_STATIC_CACHE_DIR", "", "压缩静态文件目录 / where compressed static files are kept"),
    ("GETDZ_ON_DATA_ERROR", _D.on_data_error, "数据无效时: fail 或 unavailable / on invalid data"),
    ("GETDZ_DATA_DIR", "", "直接提供数据目录(无数据库) / serve a data directory without the store"),
    ("GETDZ_BUILD_ID", "", "构建号 (默认: 代码哈希) / build id shown by /healthz"),
    ("GETDZ_LOG_LEVEL", _D.log_level, "日志级别 / DEBUG, INFO, WARNING or ERROR"),
    ("GETDZ_ISSUER", _D.issuer, "简报印发单位 / issuing unit printed on the briefing"),
    ("GETDZ_CLASSIFICATION", _D.classification, "简报密级行 / classification line of the briefing"),
    ("GETDZ_AUTHOR", "", "命令行发布的作者名 / author of command-line publishes"),
)

# read by the code but not settings of this box: other platforms' build ids (GETDZ_BUILD_ID wins)
NOT_SETTINGS = ("SOURCE_VERSION", "HEROKU_SLUG_COMMIT", "RENDER_GIT_COMMIT", "GIT_REV")


def template() -> str:
    """The commented template: `# NAME=default` after a one-line description."""
    lines = [
        "# GETDZ 看板的设置 / settings of the GETDZ dashboard (docs/operations.md, Configuration).",
        "# 去掉行首的 # 即生效; 修改后: systemctl restart getdz",
        "# Uncomment to change a default; then: systemctl restart getdz",
        "",
    ]
    for name, default, meaning in SETTINGS:
        lines += [f"# {meaning}", f"# {name}={default}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(template())
