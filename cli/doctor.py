"""`doctor [--url URL] [--min-free-mb N]`: the settings, the store, the current version, free disk
and whether the app answers; exit 1 with one line per problem. The checks live in deploy/doctor.py,
the operator's layer above serving (whose settings rules it applies), imported when run."""

from __future__ import annotations


def add(sub) -> None:
    d = sub.add_parser(
        "doctor", help="check the settings, the store, free disk and the app (exit 1 on a problem)"
    )
    d.add_argument("--url", default=None, help="the app's root URL to ask, e.g. http://127.0.0.1:8050/")
    d.add_argument("--min-free-mb", type=int, default=500, help="the least free disk that passes (MB)")
    d.set_defaults(run=doctor)


def doctor(args) -> int:
    from deploy import doctor as d

    report = d.run(url=args.url, min_free_mb=args.min_free_mb)
    for line in report.ok:
        print(f"正常 / ok: {line}")
    for line in report.problems:
        print(f"问题 / problem: {line}")
    if report.problems:
        print(f"发现 {len(report.problems)} 个问题 / {len(report.problems)} problem(s)")
        return 1
    print("一切正常 / all checks passed")
    return 0
