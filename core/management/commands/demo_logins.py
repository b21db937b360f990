from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            where = f" · {demo.unit_code}" if demo.unit_code else ""
            self.stdout.write(f"  {demo.username:<18} {demo.role}{where}")
