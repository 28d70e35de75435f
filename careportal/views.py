from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.shortcuts import render

from careportal.dashboard import charts_for
from careportal.home import work_sections
from careportal.lib.dates import nz_today
from careportal.notifications.models import TASK_NOTE_MAX_LENGTH, FollowUpTask, TaskStatus


@login_required
def home(request):
    """'My work': what needs me now, what is overdue, what ends soon."""
    # Overdue: due before today in New Zealand (R-DATE-1), flagged as an overdue referral is.
    overdue = ExpressionWrapper(Q(due_on__lt=nz_today()), output_field=BooleanField())
    tasks = (
        FollowUpTask.objects.filter(assignee=request.user, status=TaskStatus.OPEN)
        .annotate(overdue=overdue)
        .order_by(F("due_on").asc(nulls_last=True), "created_at")[:10]
    )
    notifications = request.user.notifications.filter(read_at__isnull=True)[:5]
    return render(
        request,
        "home.html",
        {
            "sections": work_sections(request.user),
            "tasks": tasks,
            "notifications": notifications,
            "task_note_max": TASK_NOTE_MAX_LENGTH,
        },
    )


@login_required
def dashboard(request):
    if not request.user.is_ot_staff:
        raise PermissionDenied
    return render(
        request,
        "dashboard.html",
        {"sections": work_sections(request.user), "charts": charts_for(request.user)},
    )
