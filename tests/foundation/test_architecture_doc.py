"""docs/architecture.md embeds the model diagram generated from the code; keep them equal."""

from pathlib import Path

from core.management.commands.model_diagram import mermaid_diagram

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_model_diagram_in_docs_is_current():
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- model-diagram:start -->\n```mermaid\n", 1)[1]
    block = block.split("```\n<!-- model-diagram:end -->", 1)[0]
    assert block == mermaid_diagram(), (
        "Regenerate the diagram: python manage.py model_diagram, paste into docs/architecture.md"
    )
