from django.contrib import admin

from .models import BudgetLine, ExpenseClass, Project, ProjectKpi, WorkStep


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class WorkStepInline(admin.TabularInline):
    model = WorkStep
    extra = 0


class ProjectKpiInline(admin.TabularInline):
    model = ProjectKpi
    extra = 0
    raw_id_fields = ("kpi",)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "plan", "part", "kind", "priority", "is_integrated")
    list_filter = ("part", "kind", "is_integrated", "plan__fiscal_year")
    search_fields = ("code", "name_th", "strategy_codes", "owner_text")
    list_select_related = ("plan",)
    autocomplete_fields = ("owner_units", "policies", "nodes")
    readonly_fields = ("version",)
    inlines = [BudgetLineInline, WorkStepInline, ProjectKpiInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("project", "fiscal_year", "amount", "status", "category", "source_th")
    list_filter = ("status", "category", "fiscal_year")
    search_fields = ("project__name_th", "project__code", "source_th", "note_th")
    list_select_related = ("project",)


@admin.register(WorkStep)
class WorkStepAdmin(admin.ModelAdmin):
    list_display = ("project", "order", "name_th", "weight")
    search_fields = ("project__name_th", "name_th")
    list_filter = ("project__plan__fiscal_year",)
    list_select_related = ("project",)


@admin.register(ProjectKpi)
class ProjectKpiAdmin(admin.ModelAdmin):
    list_display = ("project", "kpi", "is_primary")
    list_filter = ("is_primary",)
    search_fields = ("project__name_th", "kpi__code")
    list_select_related = ("project", "kpi")


@admin.register(ExpenseClass)
class ExpenseClassAdmin(admin.ModelAdmin):
    list_display = ("name_th", "level", "code", "parent")
    list_filter = ("level",)
    search_fields = ("name_th", "code")
    list_select_related = ("parent",)
    ordering = ("path",)
