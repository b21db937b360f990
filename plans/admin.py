from django.contrib import admin

from .models import (
    Adoption,
    Component,
    Plan,
    PlanRevision,
    PlanSection,
    SwotItem,
    TowsStrategy,
)


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ("code", "name_th", "weight", "parent", "order")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "title_th",
        "org_unit",
        "fiscal_year",
        "framework",
        "status",
        "version",
        "updated_at",
    )
    list_filter = ("status", "fiscal_year", "framework")
    search_fields = ("title_th", "org_unit__code", "org_unit__name_th")
    list_select_related = ("org_unit", "framework")
    autocomplete_fields = ("org_unit",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [ComponentInline]


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "created_at", "created_by")
    list_filter = ("plan__fiscal_year",)
    search_fields = ("plan__title_th", "note")
    list_select_related = ("plan", "created_by")


@admin.register(PlanSection)
class PlanSectionAdmin(admin.ModelAdmin):
    list_display = ("plan", "key", "kind", "title_th", "order")
    list_filter = ("kind", "plan__fiscal_year")
    search_fields = ("key", "title_th", "body_html")
    list_select_related = ("plan",)


@admin.register(SwotItem)
class SwotItemAdmin(admin.ModelAdmin):
    list_display = ("plan", "quadrant", "code", "factor_th", "text_th")
    list_filter = ("quadrant",)
    search_fields = ("code", "text_th", "factor_th")
    list_select_related = ("plan",)


@admin.register(TowsStrategy)
class TowsStrategyAdmin(admin.ModelAdmin):
    list_display = ("plan", "quadrant", "code", "node_tag", "text_th")
    list_filter = ("quadrant",)
    search_fields = ("code", "text_th")
    list_select_related = ("plan",)


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ("plan", "node", "role", "local_target_text")
    list_filter = ("role", "plan__fiscal_year")
    search_fields = ("node__code", "node__name_th", "local_name_th", "local_target_text")
    list_select_related = ("plan", "node")
    autocomplete_fields = ("lead_units", "supporting_units", "node")


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ("plan", "code", "name_th", "weight", "parent")
    list_filter = ("plan__fiscal_year",)
    search_fields = ("code", "name_th")
    list_select_related = ("plan", "parent")
