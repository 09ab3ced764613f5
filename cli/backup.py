"""`backup OUT` and `restore IN [--force]`: the whole store as one archive (store/backup.py)."""

from __future__ import annotations

from pathlib import Path

from store import backup as b

from .common import with_store


def add(sub) -> None:
    k = sub.add_parser("backup", help="a consistent copy of the store as one archive (.tar.gz)")
    k.add_argument("out", type=Path)
    k.set_defaults(run=with_store(backup))
    r = sub.add_parser("restore", help="bring a backup back into an empty store")
    r.add_argument("archive", type=Path)
    r.add_argument("--force", action="store_true", help="replace the content of a store that is not empty")
    r.set_defaults(run=with_store(restore))


def backup(args, engine) -> int:
    made = b.backup(engine, args.out)
    rows = {name.split("/")[-1].removesuffix(".jsonl"): m["rows"] for name, m in made["members"].items()}
    print(
        f"已备份 / backed up: {args.out} ({made['size']:,} bytes, sha256 {made['sha256'][:16]}…), "
        f"{made['database']}, current version {made['current_version']}, "
        f"{rows['versions']} versions, {rows['blobs']} files, {rows['users']} accounts"
    )
    return 0


def restore(args, engine) -> int:
    manifest = b.restore(engine, args.archive, force=args.force)
    print(
        f"已恢复 / restored: {args.archive} (backup of {manifest['created_at']}, {manifest['database']}); "
        f"current version {manifest['current_version']} is valid"
    )
    return 0
