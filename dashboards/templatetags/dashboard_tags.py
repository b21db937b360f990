from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from dashboards.charts import STATUS_COLOURS, table_rows
from dashboards.selectors import STATUS_LABELS

register = template.Library()

STATUS_ICONS = {"on_track": "✔", "at_risk": "!", "off_track": "✖", "no_data": "–"}


@register.simple_tag
def chart_height(spec) -> int:
    if spec["kind"] == "hbar":
        return max(220, 28 * len(spec["categories"]) + 80)
    return 300


@register.filter
def chart_rows(spec):
    return table_rows(spec)


@register.filter
def dnum(value, places=2):
    """Thousands separators, two decimals for non-integers; '–' for nothing."""
    if value is None or value == "":
        return "–"
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return value
    if d == d.to_integral_value() and places == 2 and abs(d) >= 1000:
        return intcomma(int(d))
    return intcomma(f"{d:.{places}f}")


@register.simple_tag
def status_badge(status):
    """Status with a symbol and a word, never colour alone."""
    return format_html(
        '<span class="status status-{}" data-status="{}">'
        '<span aria-hidden="true">{}</span> {}</span>',
        status,
        status,
        STATUS_ICONS.get(status, ""),
        STATUS_LABELS.get(status, status),
    )


@register.filter
def get(d, key):
    try:
        return d.get(key)
    except AttributeError:
        return None


@register.simple_tag
def status_colour(status):
    return STATUS_COLOURS.get(status, "#999")
