from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from careportal.dashboard import charts_for
from careportal.home import work_sections
from careportal.notifications.models import FollowUpTask, TaskStatus


@login_required
def home(request):
    """'My work': what needs me now, what is overdue, what ends soon."""
    tasks = FollowUpTask.objects.filter(assignee=request.user, status=TaskStatus.OPEN).order_by("due_on")[:10]
    notifications = request.user.notifications.filter(read_at__isnull=True)[:5]
    return render(
        request,
        "home.html",
        {"sections": work_sections(request.user), "tasks": tasks, "notifications": notifications},
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
