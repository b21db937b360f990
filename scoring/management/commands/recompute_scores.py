from django.core.management.base import BaseCommand

from scoring.services import recompute_all


class Command(BaseCommand):
    help = "Recompute every stored KPI report score (optionally of one fiscal year)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="fiscal year (BE), e.g. 2567")

    def handle(self, *args, year=None, **options):
        count = recompute_all(fiscal_year=year)
        self.stdout.write(f"คำนวณคะแนนใหม่ {count:,} รายงาน")
