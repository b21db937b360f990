from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def num(value, places=2):
    """A number with thousands separators, or "-" when empty."""
    if value is None or value == "":
        return "-"
    return f"{value:,.{int(places)}f}"
