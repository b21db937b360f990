"""Rewrite the generated model diagram in docs/architecture.md (``make docs``)."""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmaplan.settings.test")

import django  # noqa: E402

django.setup()

from core.management.commands.model_diagram import mermaid_diagram  # noqa: E402

doc = ROOT / "docs" / "architecture.md"
text = doc.read_text(encoding="utf-8")
START, END = "<!-- model-diagram:start -->", "<!-- model-diagram:end -->"
block = f"{START}\n```mermaid\n{mermaid_diagram()}```\n{END}"
text = re.sub(f"{START}.*{END}", lambda _: block, text, flags=re.S)
doc.write_text(text, encoding="utf-8")
print("docs/architecture.md updated")
