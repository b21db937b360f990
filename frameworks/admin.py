from django.contrib import admin

from .models import Framework, FrameworkLevel, FrameworkNode, Policy


class FrameworkLevelInline(admin.TabularInline):
    model = FrameworkLevel
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "kind", "fiscal_year", "last_fiscal_year")
    list_filter = ("kind", "fiscal_year")
    search_fields = ("code", "name_th", "name_en")
    inlines = [FrameworkLevelInline]


@admin.register(FrameworkLevel)
class FrameworkLevelAdmin(admin.ModelAdmin):
    list_display = ("framework", "order", "key", "label_th", "label_en")
    list_filter = ("framework",)
    search_fields = ("key", "label_th", "label_en")


@admin.register(FrameworkNode)
class FrameworkNodeAdmin(admin.ModelAdmin):
    list_display = ("code", "short_code", "name_th", "level", "framework", "parent")
    list_filter = ("framework", "level__key")
    search_fields = ("code", "short_code", "name_th", "aliases")
    list_select_related = ("framework", "level", "parent")
    autocomplete_fields = ("parent", "host_units")
    ordering = ("framework", "path")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "dimension_th")
    list_filter = ("dimension_th",)
    search_fields = ("code", "name_th")
