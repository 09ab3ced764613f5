"""The offline bundle (`make bundle`, deploy/): what it holds, an install inside a network namespace
with no network (`unshare -n`: any download fails), gunicorn booted as the written systemd unit
says, and an upgrade from the previous commit's bundle that keeps a published version and can be
undone by re-running the previous bundle.

The bundles are built from commits (`git archive`), so uncommitted changes are not in them. The
wheels are cached between runs in dist/wheel-cache/ (git-ignored)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from helpers import ROOT

PYTHON = getattr(sys, "_base_executable", sys.executable)  # a Python 3.11 outside any venv


def _unshare_reason() -> str | None:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare or ip (util-linux, iproute2) is not installed"
    if os.geteuid() != 0:
        return "unshare -n needs root"
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    return None if done.returncode == 0 else f"unshare -n is not allowed here: {done.stderr.strip()}"


def offline(script: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run bash `script` in a new network namespace whose only interface is loopback."""
    reason = _unshare_reason()
    if reason:
        pytest.skip(f"no network namespace: {reason}")
    return subprocess.run(
        ["unshare", "-n", "bash", "-c", f"set -euo pipefail; ip link set lo up; {script}"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_bundle(commit: str, out: Path) -> Path:
    """`make bundle` for `commit`, into `out`, the wheels from the shared cache; the unpacked
    directory."""
    done = subprocess.run(
        [sys.executable, "-m", "deploy.bundle", "--commit", commit, "--out", str(out)]
        + ["--cache", str(ROOT / "dist" / "wheel-cache" / "x86_64")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    archive = Path(re.search(r"bundle: (\S+\.tar\.gz)", done.stdout)[1])
    with tarfile.open(archive) as tar:
        tar.extractall(out / "unpacked", filter="tar")
    (top,) = (out / "unpacked").iterdir()
    return top


def install(bundle: Path, root: Path) -> subprocess.CompletedProcess:
    done = offline(
        f"PYTHON={PYTHON} bash {bundle}/install.sh --root {root} --public-url http://getdz.test:8050/"
    )
    assert done.returncode == 0, f"install.sh failed:\n{done.stdout}\n{done.stderr}"
    return done


def unit_command(root: Path) -> tuple[str, dict[str, str], list[str]]:
    """(working directory, environment, argv) of the written unit's ExecStart, read as systemd
    reads it: Environment= then EnvironmentFile= (KEY=VALUE lines, # comments)."""
    unit = (root / "etc/systemd/system/getdz.service").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^(\w+)=(.*)$", unit, flags=re.M))
    env = {"PATH": "/usr/bin:/bin"}
    env.update(dict([fields["Environment"].split("=", 1)]))
    for line in Path(fields["EnvironmentFile"]).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    return fields["WorkingDirectory"], env, fields["ExecStart"].split()


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m metrics ARGS` of the installed current release, with the unit's settings (what
    the `getdz` wrapper of newer bundles does; the previous commit's bundle may have none)."""
    cwd, env, _ = unit_command(root)
    return subprocess.run(
        [f"{cwd}/.venv/bin/python", "-m", "metrics", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _cells(path: Path, sheet: str) -> set[str]:
    import openpyxl

    from metrics.clerk import table_zh

    book = openpyxl.load_workbook(path, read_only=True)
    sheet = sheet if sheet in book.sheetnames else table_zh(sheet)  # the clerk's workbook: Chinese names
    return {str(v) for row in book[sheet].iter_rows(values_only=True) for v in row if v is not None}


def test_env_template_lists_every_setting_the_code_reads():
    from deploy import envfile
    from serving.config import Settings

    read, reads = set(), re.compile(r"(?:environ|env)(?:\.get)?\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']")
    for path in [
        ROOT / "gunicorn.conf.py",
        ROOT / "app.py",
        *ROOT.glob("serving/*.py"),
        *ROOT.glob("store/*.py"),
    ]:
        read |= set(reads.findall(path.read_text()))
    listed = {name for name, _, _ in envfile.SETTINGS}
    assert read - set(envfile.NOT_SETTINGS) <= listed, read - listed
    assert "GETDZ_PUBLIC_URL" in read and "DATABASE_URL" in read  # the scan finds them
    text = envfile.template()
    for name in listed:
        assert re.search(rf"^# {name}=", text, flags=re.M), name
    # the defaults written are the code's: what an unset variable gives, parsed back
    env = dict(line[2:].split("=", 1) for line in text.splitlines() if re.match(r"# [A-Z_]+=", line))
    assert Settings.from_env({k: v for k, v in env.items() if v}) == Settings()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return build_bundle("HEAD", tmp_path_factory.mktemp("bundle-head"))


@pytest.mark.integration
def test_bundle_holds_every_pinned_wheel_with_its_hash(bundle):
    manifest = json.loads((bundle / "MANIFEST.json").read_text(encoding="utf-8"))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert manifest["commit"] == head.stdout.strip()
    assert manifest["python"] == "3.11" and manifest["abi"] == "cp311" and manifest["arch"] == "x86_64"
    wheels = {w["file"]: w for w in manifest["wheels"]}
    assert sorted(wheels) == sorted(p.name for p in (bundle / "wheels").iterdir())
    for path in (bundle / "wheels").iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == wheels[path.name]["sha256"], path.name
    pins = {
        re.sub(r"\[.*\]", "", line.split("==")[0]).lower().replace("_", "-"): line.split("==")[1].strip()
        for line in (bundle / "app" / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert {w["name"]: w["version"] for w in manifest["wheels"]} == pins
    archive = next((bundle.parent.parent).glob("*.tar.gz"))
    assert archive.stat().st_size < 80e6, f"the bundle is {archive.stat().st_size / 1e6:.1f} MB"
    assert "--require-hashes" in (bundle / "install.sh").read_text()
    assert "install.sh --public-url" in (bundle / "INSTALL.md").read_text()


@pytest.mark.integration
def test_offline_install_boots_gunicorn_as_the_unit_says(bundle, tmp_path):
    root = tmp_path / "box"
    done = install(bundle, root)
    assert "http://getdz.test:8050/" in done.stdout  # the URL is printed
    assert "OK: current version 1 is valid" in done.stdout
    unit = (root / "etc/systemd/system/getdz.service").read_text(encoding="utf-8")
    for line in ("Restart=always", "Environment=MALLOC_ARENA_MAX=2", f"EnvironmentFile={root}/etc/getdz.env"):
        assert line in unit
    template = (root / "etc/getdz.env").read_text(encoding="utf-8")
    assert "# GETDZ_ON_DATA_ERROR=fail" in template and "# WEB_CONCURRENCY=2" in template
    cwd, env, argv = unit_command(root)
    assert env["DATABASE_URL"].endswith("/var/lib/getdz/getdz.sqlite3") and len(env["SECRET_KEY"]) == 64
    exports = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    probe = (
        "import sys, time, urllib.request\n"
        "for path in ('/healthz', '/'):\n"
        "    for _ in range(120):\n"
        "        try:\n"
        "            r = urllib.request.urlopen('http://127.0.0.1:8050' + path, timeout=5)\n"
        "            print(path, r.status, len(r.read())); break\n"
        "        except OSError:\n"
        "            time.sleep(0.5)\n"
    )
    script = (
        f"cd {cwd}; env -i {exports} {' '.join(argv)} > {tmp_path}/gunicorn.log 2>&1 & pid=$!; "
        "trap 'kill -TERM $pid; wait $pid || true' EXIT; "  # stopped whatever the probe does
        f"{cwd}/.venv/bin/python -c {shlex.quote(probe)}"
    )
    done = offline(script, timeout=120)
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert re.search(r"^/healthz 200 ", done.stdout, flags=re.M), done.stdout + done.stderr + log[-3000:]
    assert re.search(r"^/ 200 ", done.stdout, flags=re.M), done.stdout + done.stderr + log[-3000:]
    # `getdz doctor`: the wrapper install.sh writes, with an empty environment; a fresh box passes
    doctor = subprocess.run(
        [str(root / "opt/getdz/bin/getdz"), "doctor", "--min-free-mb", "1"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert doctor.returncode == 0 and "一切正常 / all checks passed" in doctor.stdout, doctor.stdout


@pytest.mark.integration
def test_upgrade_from_the_previous_commit_keeps_a_published_version(bundle, tmp_path):
    from store_support import NEW_VALUE, add_2019_revenue

    previous = build_bundle("HEAD~1", tmp_path / "previous")
    root = tmp_path / "box"
    install(previous, root)
    assert cli(root, "export", str(tmp_path / "v1.xlsx")).returncode == 0
    edited = add_2019_revenue((tmp_path / "v1.xlsx").read_bytes(), tmp_path / "edit")
    published = cli(root, "publish", str(edited), "--note", "2019年统计快报", "--author", "李明")
    # the previous bundle's words: English before the command line spoke Chinese, Chinese after
    assert re.search(r"published version 2|已发布版本 2", published.stdout), (
        published.stdout + published.stderr
    )
    before = cli(root, "versions").stdout

    done = install(bundle, root)  # the upgrade: migrations, check, switch
    current = (root / "opt/getdz/current").resolve()
    assert current.name == json.loads((bundle / "MANIFEST.json").read_text())["release"]
    assert cli(root, "versions").stdout == before
    assert "OK: current version 2 is valid" in done.stdout
    if (previous / "app" / "store" / "backup.py").is_file():  # the running release can back up
        (taken,) = (root / "var/lib/getdz/backups").glob("before-*.tar.gz")
        assert "current version 2" in done.stdout and taken.with_name(taken.name + ".sha256").is_file()
    assert cli(root, "check", "--store").returncode == 0
    exported = cli(root, "export", str(tmp_path / "v2.xlsx"))
    assert exported.returncode == 0 and str(NEW_VALUE) in _cells(tmp_path / "v2.xlsx", "observations")

    install(previous, root)  # undo: the previous bundle again
    release = json.loads((previous / "MANIFEST.json").read_text())["release"]
    assert (root / "opt/getdz/current").resolve().name == release
    assert cli(root, "versions").stdout == before
