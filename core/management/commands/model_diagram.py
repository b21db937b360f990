"""Print a Mermaid ER diagram of the domain models, generated from the code.

``docs/architecture.md`` embeds its output between markers; a test keeps the two equal.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

DOMAIN_APPS = ["orgs", "accounts", "frameworks", "plans", "kpis", "projects", "progress"]


def mermaid_diagram() -> str:
    lines = ["erDiagram"]
    relations = []
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model.__name__
            fields = []
            for field in model._meta.get_fields():
                if field.auto_created and not field.concrete:
                    continue
                if field.is_relation:
                    target = field.related_model.__name__
                    if target in ("User", "ContentType", "Group"):
                        continue
                    kind = "}o--o{" if field.many_to_many else "}o--||"
                    if field.many_to_many or (field.null and field.many_to_one):
                        kind = "}o--o{" if field.many_to_many else "}o--o|"
                    relations.append(f"    {name} {kind} {target} : {field.name}")
                else:
                    fields.append(f"        {field.get_internal_type()} {field.name}")
            lines.append(f"    {name} {{")
            lines.extend(fields)
            lines.append("    }")
    return "\n".join(lines + relations) + "\n"


class Command(BaseCommand):
    help = "Print the Mermaid ER diagram of the domain models."

    def handle(self, *args, **options):
        self.stdout.write(mermaid_diagram(), ending="")
