from django.contrib import admin

from .models import EvidenceFile, KpiReport, KpiReportPart, KpiReportStep, ProjectReport


class EvidenceInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class KpiReportStepInline(admin.TabularInline):
    model = KpiReportStep
    extra = 0


class KpiReportPartInline(admin.TabularInline):
    model = KpiReportPart
    extra = 0


@admin.register(KpiReport)
class KpiReportAdmin(admin.ModelAdmin):
    list_display = ("kpi", "period", "actual_value", "level", "score", "status", "version")
    list_filter = ("status", "period")
    search_fields = ("kpi__code", "kpi__name_th", "narrative_th", "problems_th")
    list_select_related = ("kpi",)
    readonly_fields = ("score", "version")
    inlines = [KpiReportStepInline, KpiReportPartInline, EvidenceInline]


@admin.register(ProjectReport)
class ProjectReportAdmin(admin.ModelAdmin):
    list_display = ("project", "period", "progress_percent", "disbursed", "status", "version")
    list_filter = ("status", "period")
    search_fields = ("project__code", "project__name_th", "narrative_th")
    list_select_related = ("project",)
    readonly_fields = ("progress_percent", "version")
    inlines = [EvidenceInline]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "content_type",
        "size",
        "kpi_report",
        "project_report",
        "uploaded_at",
    )
    list_filter = ("content_type",)
    search_fields = ("original_name", "sha256")
    list_select_related = ("kpi_report", "project_report")
