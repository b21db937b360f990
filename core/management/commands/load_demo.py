"""Load the seed plans from ``fixtures/`` and create one demo user per role."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import create_demo_users


class Command(BaseCommand):
    help = "Import every bmaplan/1 fixture in fixtures/ and create the demo users."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(Path(settings.BASE_DIR) / "fixtures"))

    def handle(self, *args, **options):
        from plans.interchange.importer import import_plan_document

        files = sorted(Path(options["fixtures"]).glob("*.json"))
        if not files:
            raise CommandError(f"ไม่พบไฟล์แผนใน {options['fixtures']}")
        for path in files:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("format") != "bmaplan/1":
                continue
            report = import_plan_document(document=document)
            if not report.ok:
                for error in report.errors[:20]:
                    self.stderr.write(f"  {error['path']}: {error['message']}")
                raise CommandError(f"นำเข้า {path.name} ไม่สำเร็จ")
            self.stdout.write(f"นำเข้า {path.name}: {len(report.flags)} ข้อสังเกต")
        for demo, created in create_demo_users():
            state = "พร้อมใช้" if created else "ข้าม (ไม่มีหน่วยงาน)"
            self.stdout.write(f"ผู้ใช้ {demo.username}: {state}")
