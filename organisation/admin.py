from django.contrib import admin

from .models import CityCouncil, Committee, Department, Membership


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
