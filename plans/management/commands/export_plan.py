"""``manage.py export_plan --unit สพส. --year 2567 [-o FILE]``: write the canonical document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.thai import normalize_thai
from plans.interchange.exporter import dumps_document, export_plan_document
from plans.models import Plan


class Command(BaseCommand):
    help = "ส่งออกแผนทั้งฉบับเป็นไฟล์รูปแบบ bmaplan/1"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="อักษรย่อหน่วยงาน เช่น สพส.")
        parser.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ. เช่น 2567")
        parser.add_argument("-o", "--output", help="ไฟล์ปลายทาง (ไม่ระบุ = พิมพ์ออกหน้าจอ)")

    def handle(self, *args, **options):
        unit = normalize_thai(options["unit"])
        plan = Plan.objects.filter(org_unit__code=unit, fiscal_year=options["year"]).first()
        if plan is None:
            raise CommandError(f"ไม่พบแผนของหน่วยงาน {unit} ปีงบประมาณ {options['year']}")
        text = dumps_document(export_plan_document(plan))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"เขียนแผน {unit} {options['year']} ลง {options['output']} แล้ว")
        else:
            self.stdout.write(text, ending="")
