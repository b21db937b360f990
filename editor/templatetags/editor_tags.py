"""Template helpers of the plan editor: money, sanitised HTML, dictionary look-ups."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import mark_safe

from plans.interchange.importer import sanitize_html

register = template.Library()


@register.filter
def baht(value, decimals: int = 2) -> str:
    """1227200 → "1,227,200.00"; ``None`` (no figure) → "–"."""
    if value in (None, ""):
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number:,.{int(decimals)}f}"


@register.filter
def weight(value) -> str:
    """Weights and percentages without trailing zeros: 10.00 → "10", 12.50 → "12.5"."""
    if value in (None, ""):
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def safe_html(value) -> str:
    """Narrative HTML, sanitised again on the way out (defence in depth)."""
    return mark_safe(sanitize_html(value or ""))


@register.filter
def get(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def item_key(kind: str, code) -> str:
    return f"{kind}:{code}"


@register.filter
def status_class(status: str) -> str:
    return f"st-{status}"


@register.filter
def edit_token(obj) -> str:
    from editor.concurrency import row_token

    return row_token(obj)


ITEM_KEYS = {
    "section": lambda o: f"section:{o.key}",
    "swot": lambda o: f"swot:{o.code}",
    "tows": lambda o: f"tows:{o.pk}",
    "adoption": lambda o: f"adoption:{o.node.code}",
    "component": lambda o: f"component:{o.code}",
    "kpi": lambda o: f"kpi:{o.code}",
    "project": lambda o: f"project:{o.code}",
}


@register.filter
def ikey(obj, kind: str) -> str:
    return ITEM_KEYS[kind](obj)
