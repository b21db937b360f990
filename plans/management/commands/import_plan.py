"""``manage.py import_plan FILE [--dry-run] [--json]``: load one bmaplan/1 document."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.interchange.importer import ImportReport, import_plan_document


class Command(BaseCommand):
    help = "นำเข้าแผนทั้งฉบับจากไฟล์รูปแบบ bmaplan/1 (ตรวจทั้งไฟล์ก่อน แล้วบันทึกทั้งหมดหรือไม่บันทึกเลย)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ JSON รูปแบบ bmaplan/1")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจและจำลองการนำเข้า แต่ไม่บันทึก")
        parser.add_argument("--json", action="store_true", help="พิมพ์รายงานเป็น JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"เปิดไฟล์ {path} ไม่ได้: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"ไฟล์ {path} ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {exc.lineno} คอลัมน์ {exc.colno}): {exc.msg}"
            ) from exc
        report = import_plan_document(document=document, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if not report.ok:
            if not options["json"]:
                for error in report.errors:
                    self.stderr.write(f"  {error['path']}: {error['message']}")
            raise CommandError(f"นำเข้า {path.name} ไม่สำเร็จ: พบข้อผิดพลาด {len(report.errors)} รายการ")

    def _print(self, report: ImportReport) -> None:
        where = f"{report.org_unit} ปีงบประมาณ {report.fiscal_year}"
        if report.ok:
            mode = "จำลองการนำเข้า (ไม่บันทึก)" if report.dry_run else "นำเข้าแล้ว"
            self.stdout.write(self.style.SUCCESS(f"{mode}: แผนของ {where}"))
        for label, counts in (
            ("สร้างใหม่", report.created),
            ("แก้ไข", report.updated),
            ("ลบ", report.deleted),
        ):
            if counts:
                items = ", ".join(f"{key} {n}" for key, n in counts.items())
                self.stdout.write(f"{label}: {items}")
        if report.flags:
            self.stdout.write(self.style.WARNING(f"ข้อสังเกต {len(report.flags)} รายการ:"))
            for flag in report.flags:
                self.stdout.write(f"  [{flag['code']}] {flag['path']}: {flag['message']}")
