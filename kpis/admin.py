from django.contrib import admin

from .models import CompositePart, Kpi, KpiResponsibility, KpiYearValue, ScaleLevel, ScaleStep


class YearValueInline(admin.TabularInline):
    model = KpiYearValue
    extra = 0


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


class ScaleStepInline(admin.TabularInline):
    model = ScaleStep
    extra = 0


class ResponsibilityInline(admin.TabularInline):
    model = KpiResponsibility
    extra = 0
    autocomplete_fields = ("org_unit",)


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "plan", "component", "weight", "scale_kind", "version")
    list_filter = ("scale_kind", "direction", "part", "plan__fiscal_year")
    search_fields = ("code", "name_th", "definition_th")
    list_select_related = ("plan", "component")
    autocomplete_fields = ("nodes", "policies")
    readonly_fields = ("version",)
    inlines = [YearValueInline, ScaleLevelInline, ScaleStepInline, ResponsibilityInline]


@admin.register(KpiYearValue)
class KpiYearValueAdmin(admin.ModelAdmin):
    list_display = ("kpi", "kind", "fiscal_year", "text", "flagged")
    list_filter = ("kind", "fiscal_year", "flagged")
    search_fields = ("kpi__code", "text")
    list_select_related = ("kpi",)


@admin.register(ScaleLevel)
class ScaleLevelAdmin(admin.ModelAdmin):
    list_display = ("kpi", "part", "level", "threshold_text", "score", "min_value", "max_value")
    list_filter = ("level",)
    search_fields = ("kpi__code", "threshold_text", "criterion_th")
    list_select_related = ("kpi", "part")


@admin.register(ScaleStep)
class ScaleStepAdmin(admin.ModelAdmin):
    list_display = ("kpi", "part", "order", "name_th", "points", "deadline")
    search_fields = ("kpi__code", "name_th")
    list_filter = ("deadline",)
    list_select_related = ("kpi", "part")


@admin.register(CompositePart)
class CompositePartAdmin(admin.ModelAdmin):
    list_display = ("kpi", "index", "name_th", "weight", "scale_kind")
    list_filter = ("scale_kind",)
    search_fields = ("kpi__code", "name_th")
    list_select_related = ("kpi",)


@admin.register(KpiResponsibility)
class KpiResponsibilityAdmin(admin.ModelAdmin):
    list_display = ("kpi", "org_unit", "unit_text", "role")
    list_filter = ("role",)
    search_fields = ("kpi__code", "unit_text", "duties_th", "org_unit__code")
    list_select_related = ("kpi", "org_unit")
