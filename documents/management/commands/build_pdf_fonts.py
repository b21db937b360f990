"""Build the Sarabun TL fonts and the print stylesheet now (otherwise done on first render)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Build the text-layer Sarabun fonts used by the PDF documents (docs/pdf.md)."

    def handle(self, *args, **options):
        from documents.pdf import assets

        a = assets()
        for style, path in a.fonts.items():
            self.stdout.write(f"{style}: {path}")
        self.stdout.write(f"stylesheet: {a.stylesheet}")
