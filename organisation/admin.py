from django.contrib import admin

from .models import AccessEvent, CityCouncil, Committee, Department, ExternalIdentity, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]
    inlines = [MembershipInline]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "abbreviation"]
    inlines = [MembershipInline]


@admin.register(CityCouncil)
class CityCouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "committee"]
    list_filter = ["role", "department", "committee"]
    list_select_related = ["user", "department", "committee"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Links a local account to its single sign-on identity; sign-in creates these itself."""

    list_display = ["user", "subject", "issuer", "last_login_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "subject"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "last_login_at"]


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The access log, read-only: an audit trail nobody edits."""

    list_display = ["at", "username", "action", "object_label", "request_id"]
    list_filter = ["action"]
    search_fields = ["username", "object_label", "request_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
