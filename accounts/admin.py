from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "org_unit", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "org_unit__code")
    list_select_related = ("user", "org_unit")
    autocomplete_fields = ("org_unit",)
    raw_id_fields = ("user",)
