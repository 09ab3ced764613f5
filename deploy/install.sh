#!/usr/bin/env bash
# Install or upgrade the GETDZ dashboard from this bundle, with no network (docs/operations.md,
# "Bare intranet box, offline").
#
#   sudo ./install.sh [--root DIR] [--prefix /opt/getdz] [--state /var/lib/getdz] [--port 8050]
#                     [--public-url URL] [--user getdz] [--python python3.11]
#
# Each bundle becomes a release under PREFIX/releases/; PREFIX/current points at the one served.
# A release's virtualenv is shared by every release with the same wheels (PREFIX/venvs/). An
# upgrade installs the new release beside the running one, migrates the store, checks it, then
# switches PREFIX/current and restarts the service: a failure before the switch changes nothing
# served. Re-running an older bundle switches back to it (the store keeps every version).
# --root DIR puts everything under DIR (tests) and never calls systemctl or useradd.
set -euo pipefail

BUNDLE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=/
PREFIX=
STATE=
PORT=8050
PUBLIC_URL=
SERVICE_USER=getdz
PYTHON=${PYTHON:-python3}

say() { printf '%s\n' "$*"; }
die() { printf '错误 / error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; shift 2 ;;
        --prefix) PREFIX=$2; shift 2 ;;
        --state) STATE=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        --public-url) PUBLIC_URL=$2; shift 2 ;;
        --user) SERVICE_USER=$2; shift 2 ;;
        --python) PYTHON=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) die "未知参数 / unknown option: $1" ;;
    esac
done

ROOT=${ROOT%/}
PREFIX=${PREFIX:-$ROOT/opt/getdz}
STATE=${STATE:-$ROOT/var/lib/getdz}
ETC=$ROOT/etc
UNIT_DIR=$ROOT/etc/systemd/system
ENV_FILE=$ETC/getdz.env
REAL_BOX=0
[ -z "$ROOT" ] && REAL_BOX=1

# ---------------------------------------------------------------- what this bundle is
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
    || die "需要 Python 3.11 (--python PATH) / needs Python 3.11: $PYTHON"
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null \
    || die "缺少 venv 模块: 安装系统的 python3.11-venv 包 / the venv module is missing (python3.11-venv)"
(cd "$BUNDLE/wheels" && sha256sum --check --quiet ../SHA256SUMS) \
    || die "安装包已损坏: 轮子校验失败 / the bundle is damaged: a wheel's SHA-256 differs"
RELEASE=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["release"])' "$BUNDLE/MANIFEST.json")
LOCK=$(sha256sum "$BUNDLE/requirements.lock" | cut -c1-16)
REL=$PREFIX/releases/$RELEASE
VENV=$PREFIX/venvs/py311-$LOCK
PREVIOUS=$(readlink "$PREFIX/current" 2>/dev/null || true)
say "GETDZ $RELEASE → $PREFIX"

# ---------------------------------------------------------------- the release and its venv
mkdir -p "$PREFIX/releases" "$PREFIX/venvs" "$STATE" "$ETC" "$UNIT_DIR"
if [ ! -d "$REL" ]; then
    rm -rf "$REL.partial"
    cp -a "$BUNDLE/app" "$REL.partial"
    mv "$REL.partial" "$REL"
fi
if [ ! -e "$VENV/.complete" ]; then
    say "安装依赖 (离线) / installing the wheels (offline) …"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # nothing from this machine's pip settings or any index: only the bundle's wheels, by hash
    PIP_CONFIG_FILE=/dev/null "$VENV/bin/python" -m pip install --isolated --quiet --no-index \
        --disable-pip-version-check --no-warn-script-location \
        --find-links "$BUNDLE/wheels" --require-hashes -r "$BUNDLE/requirements.lock"
    touch "$VENV/.complete"
fi
ln -sfn "$VENV" "$REL/.venv"

# ---------------------------------------------------------------- settings (written once)
if [ ! -e "$ENV_FILE" ]; then
    host=$(hostname -f 2>/dev/null || hostname)
    secret=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')
    umask 077
    {
        cat "$BUNDLE/getdz.env.template"
        echo "# ---- 本机设置 (install.sh 写入) / this box's settings (written by install.sh)"
        echo "DATABASE_URL=sqlite:///$STATE/getdz.sqlite3"
        echo "HOST=0.0.0.0"
        echo "PORT=$PORT"
        echo "GETDZ_PUBLIC_URL=${PUBLIC_URL:-http://$host:$PORT/}"
        echo "SECRET_KEY=$secret"
        echo "GETDZ_STATIC_CACHE_DIR=$STATE/static-cache"
    } > "$ENV_FILE"
    umask 022
    say "已写入设置 / wrote $ENV_FILE"
fi

# a setting's value in the env file (the last uncommented line), else $2
setting() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1 | grep . || printf '%s\n' "$2"; }
PORT=$(setting PORT "$PORT")

# `getdz COMMAND`: python -m metrics COMMAND of the current release, with the service's settings
# (read as systemd reads them: KEY=VALUE lines, # comments, one pair of quotes stripped).
mkdir -p "$PREFIX/bin"
cat > "$PREFIX/bin/getdz" <<WRAPPER
#!/usr/bin/env bash
# python -m metrics of the GETDZ release in $PREFIX/current, with the settings of $ENV_FILE
set -euo pipefail
while IFS= read -r line || [ -n "\$line" ]; do
    case "\$line" in ''|'#'*|';'*) continue ;; esac
    key=\${line%%=*}
    value=\${line#*=}
    case "\$value" in \"*\"|\'*\') value=\${value:1:\${#value}-2} ;; esac
    export "\$key=\$value"
done < "$ENV_FILE"
export MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-2}
cd "$PREFIX/current"
exec "$PREFIX/current/.venv/bin/python" -m metrics "\$@"
WRAPPER
chmod 755 "$PREFIX/bin/getdz"
[ "$REAL_BOX" = 1 ] && ln -sfn "$PREFIX/bin/getdz" /usr/local/bin/getdz

# ---------------------------------------------------------------- the store: migrations first
# `getdz` of a given release (the new one before the switch, the running one for its backup)
run_in() {
    local release=$1 script="$PREFIX/bin/.getdz-$$" rc=0
    shift
    sed "s|$PREFIX/current|$release|g" "$PREFIX/bin/getdz" > "$script"
    bash "$script" "$@" || rc=$?
    rm -f "$script"
    return "$rc"
}
if [ -n "$PREVIOUS" ] && [ "$PREVIOUS" != "$REL" ] && [ -x "$PREVIOUS/.venv/bin/python" ] \
    && [ -e "$PREVIOUS/store/backup.py" ]; then
    mkdir -p "$STATE/backups"
    backup="$STATE/backups/before-$RELEASE-$(date +%Y%m%dT%H%M%S).tar.gz"
    run_in "$PREVIOUS" backup "$backup" \
        || die "升级前备份失败,未作任何更改 / the backup before the upgrade failed; nothing was changed"
fi
run_in "$REL" migrate || die "迁移失败,仍在运行旧版本 / migrate failed; the previous release still serves"
run_in "$REL" check --store || die "数据检查失败,仍在运行旧版本 / the store check failed; nothing was switched"

# ---------------------------------------------------------------- switch, unit, restart
ln -sfn "$REL" "$PREFIX/current.new"
mv -T "$PREFIX/current.new" "$PREFIX/current"

cat > "$UNIT_DIR/getdz.service" <<UNIT
# Written by install.sh of GETDZ $RELEASE; re-running install.sh rewrites it.
[Unit]
Description=GETDZ 经济数据看板 / economic dashboard (gunicorn)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
Type=simple
User=$SERVICE_USER
Group=$SERVICE_USER
WorkingDirectory=$PREFIX/current
Environment=MALLOC_ARENA_MAX=2
EnvironmentFile=$ENV_FILE
ExecStart=$PREFIX/current/.venv/bin/gunicorn app:server
ExecReload=/bin/kill -HUP \$MAINPID
Restart=always
RestartSec=2
KillMode=mixed
TimeoutStopSec=30
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full
ReadWritePaths=$STATE

[Install]
WantedBy=multi-user.target
UNIT

if [ "$REAL_BOX" = 1 ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$STATE" --shell /usr/sbin/nologin "$SERVICE_USER"
fi
if id "$SERVICE_USER" >/dev/null 2>&1; then
    chown -R "$SERVICE_USER:$SERVICE_USER" "$STATE"
    chgrp "$SERVICE_USER" "$ENV_FILE" && chmod 640 "$ENV_FILE"  # readable by the service's `getdz`
fi

URL=$(setting GETDZ_PUBLIC_URL "http://$(hostname -f 2>/dev/null || hostname):$PORT/")
if [ "$REAL_BOX" = 1 ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable --quiet getdz.service
    systemctl restart getdz.service
    for _ in $(seq 60); do
        if "$REL/.venv/bin/python" -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
            say "GETDZ $RELEASE 已启动 / is serving: $URL"
            "$PREFIX/bin/getdz" doctor --url "http://127.0.0.1:$PORT/" || true
            exit 0
        fi
        sleep 1
    done
    die "服务未在 60 秒内应答 / the service did not answer within 60 s: journalctl -u getdz"
fi
say "未调用 systemctl (无 systemd 或 --root) / systemctl skipped (no systemd, or --root)"
say "服务单元 / the unit: $UNIT_DIR/getdz.service (systemctl enable --now getdz)"
say "命令 / commands: $PREFIX/bin/getdz doctor --url http://127.0.0.1:$PORT/ (backup, versions, …)"
say "GETDZ $RELEASE 已安装 / installed: $URL"
