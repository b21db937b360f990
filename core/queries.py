"""Query helpers shared by selectors and list endpoints."""

from django.db.models import Q
from django.db.models.expressions import RawSQL


def ids_in(field: str, ids) -> Q:
    """``field IN ids`` with the ids as one array parameter, not one placeholder each: with
    hundreds or thousands of ids the per-placeholder cost (query parsing and binding)
    dominates."""
    return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))})
