"""The admin shows reports for support; an approved report, its decision and its archive are
read-only here as everywhere else."""

from django.contrib import admin

from .models import Decision, DepartmentDeadline, GoalAssessment, Initiative, Report, ReportingRound, ReportStatus

FROZEN = {ReportStatus.APPROVED}


class DepartmentDeadlineInline(admin.TabularInline):
    model = DepartmentDeadline
    extra = 0


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "submission_deadline", "statusreport_due"]
    inlines = [DepartmentDeadlineInline]


class FrozenInlineMixin:
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status not in FROZEN

    has_add_permission = has_delete_permission = has_change_permission


class GoalAssessmentInline(FrozenInlineMixin, admin.StackedInline):
    model = GoalAssessment
    max_num = 6

    def has_add_permission(self, request, obj=None):
        return False


class InitiativeInline(FrozenInlineMixin, admin.StackedInline):
    model = Initiative
    filter_horizontal = ["goals"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "round", "status", "version", "updated_at"]
    list_filter = ["status", "round", "department"]
    list_select_related = ["department", "round"]
    search_fields = ["title", "case_number"]
    readonly_fields = ["status", "version", "submitted_at", "created_by", "updated_by", "copied_from"]
    inlines = [GoalAssessmentInline, InitiativeInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in FROZEN:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A report that has been before the committee is part of the record.
        if obj is not None and obj.status != ReportStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["report", "outcome", "meeting_date", "recorded_by", "recorded_at"]
    list_select_related = ["report", "recorded_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
