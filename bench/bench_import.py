"""Whole-plan import of the largest seed fixture (issue 3: well under 10 s)."""

import json
import time
from pathlib import Path

from bench.report import Row

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run() -> list[Row]:
    from plans.interchange.exporter import dumps_document, export_plan_document
    from plans.interchange.importer import import_plan_document
    from plans.models import Plan

    rows = []
    for name in ("sps-2567.json", "bangna-2569.json"):
        path = FIXTURES / name
        document = json.loads(path.read_text(encoding="utf-8"))
        size = path.stat().st_size / 1024
        t = time.perf_counter()
        report = import_plan_document(document=document)
        first = time.perf_counter() - t
        assert report.ok, report.errors[:3]
        t = time.perf_counter()
        import_plan_document(document=document)
        second = time.perf_counter() - t
        plan = Plan.objects.get(pk=report.plan_id)
        t = time.perf_counter()
        dumps_document(export_plan_document(plan))
        export = time.perf_counter() - t
        created = sum(report.created.values())
        rows += [
            Row(f"import {name} ({size:,.0f} KiB, {created:,} rows) into an empty database",
                f"{first:.2f} s", "< 10 s", first < 10),
            Row(f"re-import {name} (no changes)", f"{second:.2f} s", "< 10 s", second < 10),
            Row(f"export {name}", f"{export:.2f} s"),
        ]  # fmt: skip
    return rows
