"""List pages without Django's per-instance prefetch machinery.

``prefetch_related`` builds a queryset clone per instance and relation; for a page of 100
KPIs with seven relations that is most of the request. Here the relations of a page come
from one query (``attach_sql_many``) and land in the instances' prefetch cache as plain
lists, so ``obj.rel.all()`` in serializers returns them without any further query.
"""

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, models

from core.queries import ids_in


def attach_reverse(instances: Sequence[models.Model], name: str, queryset, fk: str) -> None:
    """Reverse foreign key ``name`` (e.g. ``parts``): ``queryset`` filtered by ``fk`` ids."""
    grouped = defaultdict(list)
    for row in queryset.filter(ids_in(f"{fk}_id", [obj.pk for obj in instances])):
        grouped[getattr(row, f"{fk}_id")].append(row)
    for obj in instances:
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = grouped[obj.pk]


def attach_sql_many(instances: Sequence[models.Model], specs: Sequence[tuple]) -> None:
    """Several relations of a page in ONE query: a ``UNION ALL`` of ``row_to_json`` rows.

    ``specs`` holds ``(name, select_sql, build)``: ``select_sql`` has one ``%s`` (the page's
    ids as an array), returns the owner's id as ``owner_id`` and its order as ``ord``;
    ``build(row)`` turns a row dict (numbers as ``Decimal``/``int``) into the object the
    serializer reads. Each relation lands in the owner's prefetch cache as a list.
    """
    if not instances:
        return
    ids = [obj.pk for obj in instances]
    union = " UNION ALL ".join(
        f"(SELECT {index} AS rel, row_to_json(t)::text FROM ({sql}) t)"
        for index, (_name, sql, _build) in enumerate(specs)
    )
    grouped = defaultdict(lambda: defaultdict(list))
    with connection.cursor() as cursor:
        cursor.execute(union, [ids] * len(specs))
        for rel, text in cursor.fetchall():
            row = json.loads(text, parse_float=Decimal)
            grouped[rel][row.pop("owner_id")].append(row)
    for index, (name, _sql, build) in enumerate(specs):
        for obj in instances:
            rows = sorted(grouped[index][obj.pk], key=lambda r: r["ord"])
            obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = [
                build(r) for r in rows
            ]


def model_rows_sql(model, fk: str, order_by: Sequence[str]) -> tuple[str, object]:
    """``attach_sql_many`` spec parts for a reverse foreign key: every concrete field of
    ``model`` (foreign keys as ``<name>_id``), dates as ``date``."""
    q = connection.ops.quote_name
    fields = model._meta.concrete_fields
    dates = [f.attname for f in fields if f.get_internal_type() == "DateField"]
    columns = ", ".join(q(f.column) for f in fields)
    order = ", ".join(q(model._meta.get_field(o).column) for o in order_by)
    fk_column = q(model._meta.get_field(fk).column)
    sql = (
        f"SELECT {fk_column} AS owner_id, row_number() OVER (ORDER BY {order}) AS ord, "
        f"{columns} FROM {q(model._meta.db_table)} WHERE {fk_column} = ANY(%s)"
    )

    def build(row: dict) -> SimpleNamespace:
        row.pop("ord")
        for name in dates:
            if row.get(name):
                row[name] = date.fromisoformat(row[name])
        return SimpleNamespace(**row)

    return sql, build
