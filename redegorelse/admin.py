"""The admin shows reports for support, read-only: a report is created, edited, submitted and
decided only through the service's own pages and model methods, which check the version and
write the history. Support may delete a draft that was created by mistake, nothing more."""

from django.contrib import admin

from .models import Decision, DepartmentDeadline, GoalAssessment, Initiative, Report, ReportingRound, ReportStatus


class DepartmentDeadlineInline(admin.TabularInline):
    model = DepartmentDeadline
    extra = 0


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "submission_deadline", "statusreport_due"]
    inlines = [DepartmentDeadlineInline]


class ReadOnlyMixin:
    """Shown, never changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GoalAssessmentInline(ReadOnlyMixin, admin.StackedInline):
    model = GoalAssessment
    extra = 0


class InitiativeInline(ReadOnlyMixin, admin.StackedInline):
    model = Initiative
    extra = 0


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "department", "round", "status", "version", "updated_at"]
    list_filter = ["status", "round", "department"]
    list_select_related = ["department", "round"]
    search_fields = ["title", "case_number"]
    inlines = [GoalAssessmentInline, InitiativeInline]

    def has_delete_permission(self, request, obj=None):
        # A report that has been before the committee is part of the record.
        if obj is not None and obj.status != ReportStatus.DRAFT:
            return False
        return super(ReadOnlyMixin, self).has_delete_permission(request, obj)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["report", "outcome", "meeting_date", "recorded_by", "recorded_at"]
    list_select_related = ["report", "recorded_by"]
