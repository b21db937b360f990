"""Whole-plan interchange format ``bmaplan/1`` (docs/interchange.md).

``validate`` checks a document (JSON Schema plus cross-references) and collects every problem,
``importer`` writes a valid document in one transaction, ``exporter`` writes the canonical form.
Import the submodules directly; this package keeps no Django imports of its own so that the
schema can be loaded without settings.
"""

FORMAT = "bmaplan/1"
SCHEMA_FILE = "bmaplan-1.schema.json"
