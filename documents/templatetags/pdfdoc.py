"""Template filters of the PDF documents. Output uses Arabic digits; the document's digit
style is applied to the finished HTML (documents.pdf.digits)."""

from decimal import Decimal

from django import template

from core.thai import baht_text, format_baht, format_number

register = template.Library()


@register.filter
def money(value):
    """1227200 → "1,227,200"; None → "-"."""
    return "-" if value is None or value == "" else format_baht(value)


@register.filter
def bahttext(value):
    return baht_text(value)


@register.filter
def num(value, decimals=0):
    if value is None or value == "":
        return "-"
    return format_number(value, decimals=int(decimals))


@register.filter
def pct(value):
    """Weights and percentages: 10.00 → "10", 12.50 → "12.5"."""
    if value is None or value == "":
        return "-"
    d = Decimal(value).normalize()
    text = format_number(d, decimals=max(0, -d.as_tuple().exponent))
    return text


@register.filter
def lines(value):
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]
