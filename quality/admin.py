"""Support admin: the National Care Standards are editable reference data; the rest is read-mostly."""

from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import Finding, ImprovementAction, NationalCareStandard, QACycle, QAReview, ReviewActivity


@admin.register(NationalCareStandard)
class NationalCareStandardAdmin(admin.ModelAdmin):
    list_display = ("part", "title", "active")
    list_editable = ("active",)
    ordering = ("part",)


@admin.register(QACycle)
class QACycleAdmin(ReadOnlyAuditedAdmin):
    list_display = ("organisation", "started_on", "cycle_months", "joint_review_requested", "status")
    list_filter = ("status", "joint_review_requested")
    search_fields = ("organisation__legal_name",)


@admin.register(QAReview)
class QAReviewAdmin(ReadOnlyAuditedAdmin):
    list_display = ("reference", "cycle", "planned_for", "status")
    list_filter = ("status",)
    search_fields = ("reference", "cycle__organisation__legal_name")
    list_select_related = ("cycle__organisation",)


@admin.register(ReviewActivity)
class ReviewActivityAdmin(ReadOnlyAuditedAdmin):
    list_display = ("review", "kind", "held_on")
    list_select_related = ("review",)


@admin.register(Finding)
class FindingAdmin(ReadOnlyAuditedAdmin):
    list_display = ("review", "standard", "rating")
    list_filter = ("rating", "standard")
    list_select_related = ("review", "standard")


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ReadOnlyAuditedAdmin):
    list_display = ("title", "review", "owner_organisation", "due_on", "status")
    list_filter = ("status",)
    search_fields = ("title", "review__reference")
    list_select_related = ("review", "owner_organisation")
