from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.shortcuts import render

from careportal import search
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


@login_required
def search_page(request):
    """The one search (careportal.search), results grouped by kind; works without JavaScript."""
    context: dict = {
        "q": request.GET.get("q", ""),
        "min_length": search.MIN_QUERY,
        "max_length": search.MAX_QUERY,
    }
    if context["q"].strip():
        try:
            q = search.clean_query(context["q"])
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            results = search.search(request.user, q)
            search.audit_shown(request.user, results)  # R-PRIV-3
            context.update(searched=q, count=len(results), groups=search.grouped(results))
    return render(request, "search.html", context)
