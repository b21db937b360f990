"""List pages without Django's per-instance prefetch machinery.

``prefetch_related`` builds a queryset clone per instance and relation; for a page of 100
KPIs with seven relations that is most of the request. Here each relation is one query and
the results are put in the instances' prefetch cache as plain lists, so ``obj.rel.all()``
in serializers returns them without any further query or clone.
"""

from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace

from django.db import models

from core.queries import ids_in


def attach_reverse(
    instances: Sequence[models.Model], name: str, queryset, fk: str, *, plain: bool = False
) -> None:
    """Reverse foreign key ``name`` (e.g. ``levels``): ``queryset`` filtered by ``fk`` ids.

    With ``plain`` the rows are read-only namespaces built from ``values()`` (every concrete
    field, foreign keys as ``<name>_id``) instead of model instances: building hundreds of
    model instances per page is the largest remaining cost of a list, and serializers only
    read attributes.
    """
    ids = [obj.pk for obj in instances]
    grouped = defaultdict(list)
    rows = queryset.filter(ids_in(f"{fk}_id", ids))
    if plain:
        attnames = [f.attname for f in queryset.model._meta.concrete_fields]
        for values in rows.values(*attnames):
            grouped[values[f"{fk}_id"]].append(SimpleNamespace(**values))
    else:
        for row in rows:
            grouped[getattr(row, f"{fk}_id")].append(row)
    for obj in instances:
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = grouped[obj.pk]


def attach_m2m(instances: Sequence[models.Model], name: str, select_related: Sequence[str] = ()):
    """Many-to-many ``name`` through its auto-created table (one query, ordered by target)."""
    if not instances:
        return
    field = instances[0]._meta.get_field(name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = through.objects.filter(ids_in(f"{source}_id", [o.pk for o in instances]))
    rows = rows.select_related(target, *(f"{target}__{s}" for s in select_related))
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, f"{source}_id")].append(getattr(row, target))
    ordering = field.related_model._meta.ordering
    for obj in instances:
        values = grouped[obj.pk]
        if ordering:
            key = ordering[0].lstrip("-")
            values.sort(key=lambda v: (getattr(v, key, None) is None, getattr(v, key, None)))
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = values
