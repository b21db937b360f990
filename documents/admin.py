from django.contrib import admin

from .models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "plan",
        "status",
        "progress",
        "page_count",
        "created_by",
        "created_at",
        "render_seconds",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["plan__title_th", "content_hash"]
    readonly_fields = [f.name for f in DocumentJob._meta.fields]

    def has_add_permission(self, request):
        return False
