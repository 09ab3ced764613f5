"""`make bundle`: one archive that installs the dashboard on a box with no network.

    python -m deploy.bundle [--commit REV] [--arch x86_64] [--platform TAG ...] [--out dist]

The archive `dist/getdz-<version>-<commit>-cp311-<arch>.tar.gz` holds one directory with:

    app/              the commit's git-tracked files (`git archive`)
    wheels/           every runtime wheel of its requirements.txt for the target platform
    requirements.lock the same pins with their SHA-256 (`pip install --require-hashes`)
    SHA256SUMS        the wheels' SHA-256, for `sha256sum -c`
    MANIFEST.json     version, commit, build time, target, every wheel with its SHA-256 and size
    install.sh        install or upgrade in place (deploy/install.sh)
    getdz.env.template every setting with its default, commented (deploy/envfile.py)
    INSTALL.md        the install section of docs/operations.md

Wheels are downloaded once into a cache (`dist/wheel-cache/<arch>`, git-ignored) and taken from
there without the index on later builds. `install.sh` and the env template come from the bundled
commit when it has them, else from this checkout (to bundle a commit older than this tool).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PYTHON_VERSION = "3.11"
ABI = "cp311"
# glibc baselines a wheel may be built for, newest first (Debian 12 has glibc 2.36)
MANYLINUX = ("manylinux_2_28", "manylinux_2_17", "manylinux2014")
LIMIT_MB = 80


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def platforms_for(arch: str) -> list[str]:
    return [f"{tag}_{arch}" for tag in MANYLINUX]


def _pip_download(requirements: Path, dest: Path, platforms: list[str], extra: list[str]) -> bool:
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps"]
    cmd += [a for p in platforms for a in ("--platform", p)]
    cmd += ["--python-version", PYTHON_VERSION, "--implementation", "cp", "--abi", ABI]
    cmd += ["-r", str(requirements), "-d", str(dest), *extra]
    return subprocess.run(cmd, capture_output=True, text=True).returncode == 0


def lock_requirements(requirements_txt: str, dest: Path) -> Path:
    """The pinned lines of requirements.txt without extras: every dependency is pinned there
    (the file is complete: `--no-deps` below; install.sh's --require-hashes proves it)."""
    lines = []
    for raw in requirements_txt.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(re.sub(r"\[.*?\]", "", line))
    path = dest / "requirements.in"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def download_wheels(requirements: Path, wheels: Path, cache: Path, platforms: list[str]) -> None:
    """Every pinned wheel into `wheels`: from the cache without the index if it has them all,
    else downloaded into the cache first."""
    cache.mkdir(parents=True, exist_ok=True)
    offline = ["--no-index", "--find-links", str(cache)]
    if _pip_download(requirements, wheels, platforms, offline):
        return
    if not _pip_download(requirements, cache, platforms, []):
        cmd = f"pip download --only-binary=:all: --platform {platforms[0]} -r {requirements}"
        raise SystemExit(f"error: downloading the wheels failed; run `{cmd}` to see why")
    if not _pip_download(requirements, wheels, platforms, offline):
        raise SystemExit("error: the wheel cache is incomplete after downloading")


def wheel_entries(wheels: Path) -> list[dict]:
    entries = []
    for path in sorted(wheels.glob("*.whl")):
        name, version, _build, _tags = parse_wheel_filename(path.name)
        entries.append(
            {
                "name": str(canonicalize_name(name)),
                "version": str(version),
                "file": path.name,
                "sha256": sha256(path),
                "size": path.stat().st_size,
            }
        )
    return entries


def install_section(app: Path) -> str:
    """The install instructions: docs/operations.md's section "Bare intranet box, offline" (the
    README points to it), else the README's Quick start."""
    ops = app / "docs" / "operations.md"
    text = ops.read_text(encoding="utf-8") if ops.is_file() else ""
    match = re.search(r"^(#+) Bare intranet box, offline.*?(?=^\1 |\Z)", text, flags=re.M | re.S)
    if match is None:
        readme = (app / "README.md").read_text(encoding="utf-8")
        match = re.search(r"^## Quick start.*?(?=^## |\Z)", readme, flags=re.M | re.S)
    return match.group(0) if match else ""


def _own_or_current(app: Path, rel: str) -> Path:
    own = app / rel
    return own if own.is_file() else ROOT / rel


def env_template(app: Path) -> str:
    """deploy/envfile.py's template, run from the bundled commit when it has it."""
    tool = "deploy.envfile"
    cwd = app if (app / "deploy" / "envfile.py").is_file() else ROOT
    out = subprocess.run([sys.executable, "-m", tool], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout


def build(commit: str, arch: str, platforms: list[str], out: Path, cache: Path) -> Path:
    sha = git("rev-parse", f"{commit}^{{commit}}").strip()
    version = re.search(r'^version\s*=\s*"([^"]+)"', git("show", f"{sha}:pyproject.toml"), re.M)[1]
    release = f"{version}-{sha[:12]}"
    name = f"getdz-{release}-{ABI}-{arch}"
    with tempfile.TemporaryDirectory(prefix="getdz-bundle-") as tmp:
        top = Path(tmp) / name
        app = top / "app"
        app.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha], capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(app, filter="tar")
        requirements = lock_requirements((app / "requirements.txt").read_text(encoding="utf-8"), Path(tmp))
        download_wheels(requirements, top / "wheels", cache, platforms)
        wheels = wheel_entries(top / "wheels")
        (top / "requirements.lock").write_text(
            "".join(f"{w['name']}=={w['version']} --hash=sha256:{w['sha256']}\n" for w in wheels)
        )
        (top / "SHA256SUMS").write_text("".join(f"{w['sha256']}  {w['file']}\n" for w in wheels))
        manifest = {
            "name": "getdz",
            "version": version,
            "release": release,
            "commit": sha,
            "commit_time": git("show", "-s", "--format=%cI", sha).strip(),
            "build_time": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "python": PYTHON_VERSION,
            "abi": ABI,
            "arch": arch,
            "platforms": platforms,
            "wheels": wheels,
        }
        (top / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        shutil.copy2(_own_or_current(app, "deploy/install.sh"), top / "install.sh")
        (top / "install.sh").chmod(0o755)
        (top / "getdz.env.template").write_text(env_template(app), encoding="utf-8")
        (top / "INSTALL.md").write_text(install_section(app), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{name}.tar.gz"
        with tarfile.open(target.with_suffix(".tmp"), "w:gz", compresslevel=6) as tar:
            tar.add(top, arcname=name)
        target.with_suffix(".tmp").replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.bundle", description=__doc__.split("\n\n")[0])
    ap.add_argument("--commit", default="HEAD", help="the commit to bundle (default HEAD)")
    ap.add_argument("--arch", default="x86_64", help="x86_64 or aarch64")
    ap.add_argument("--platform", nargs="*", default=None, help="pip platform tags (default: manylinux)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--cache", type=Path, default=None, help="wheel cache (default dist/wheel-cache/ARCH)")
    args = ap.parse_args(argv)
    platforms = args.platform or platforms_for(args.arch)
    cache = args.cache or args.out / "wheel-cache" / args.arch
    target = build(args.commit, args.arch, platforms, args.out, cache)
    size = target.stat().st_size
    print(f"bundle: {target} ({size / 1e6:.1f} MB, {size:,} bytes)")
    if size > LIMIT_MB * 1e6:
        print(f"error: the bundle is larger than {LIMIT_MB} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
