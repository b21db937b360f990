"""Run every benchmark against a dedicated database and write docs/benchmarks.md.

Usage: ``python -m bench [name ...]`` (``make bench``). Each benchmark module exposes
``run() -> list[Row]``. The database ``bmaplan_bench`` is recreated for each run.
"""

import datetime as dt
import os
import platform
import sys
from pathlib import Path

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bmaplan_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmaplan.settings.test")

import django

ROOT = Path(__file__).resolve().parent.parent
_ORDER = ["import", "scoring", "api", "editor", "pdf", "dashboards", "deadline"]
# Every bench/bench_<name>.py is a benchmark: the known ones in this order, any new one after.
_FOUND = sorted(p.stem.removeprefix("bench_") for p in ROOT.joinpath("bench").glob("bench_*.py"))
BENCHMARKS = [n for n in _ORDER if n in _FOUND] + [n for n in _FOUND if n not in _ORDER]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def reset_database() -> None:
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def fresh_database() -> None:
    """Each benchmark starts from an empty, migrated database."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    reset_database()
    call_command("migrate", verbosity=0)


def main(argv: list[str]) -> int:
    django.setup()
    import importlib

    from bench.report import write_report

    names = argv or BENCHMARKS
    results = {}
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        fresh_database()
        rows = module.run()
        for row in rows:
            print(f"  {row.name}: {row.figure}  (goal: {row.goal or '-'}) {row.verdict}")
        results[name] = rows
    write_report(ROOT / "docs" / "benchmarks.md", results, machine(), dt.date.today().isoformat())
    failed = [r for rows in results.values() for r in rows if r.ok is False]
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
