from django.contrib import admin

from .models import Goal, Policy


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "area", "policy"]
    list_filter = ["policy"]
    list_select_related = ["policy"]
    search_fields = ["area", "text"]
