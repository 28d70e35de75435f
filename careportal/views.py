from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.shortcuts import redirect, render

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


SEARCH_SESSION_KEY = "careportal.search.q"


@login_required
def search_page(request):
    """The one search (careportal.search), results grouped by kind; works without JavaScript.

    R-PRIV-2: what is typed may be a child's name, so it never goes in a URL (nor in browser history or
    an access log): the form POSTs it, the session keeps it, and a 303 brings the browser back to
    `/search/`, whose GET shows the results of the session's last search. `GET /search/?q=` is ignored
    (decision 0019); the API's `GET /api/v1/search/?q=` is the integrators' contract (api.md)."""
    if request.method == "POST":
        request.session[SEARCH_SESSION_KEY] = str(request.POST.get("q", ""))[: search.MAX_QUERY * 2]
        response = redirect("search")
        response.status_code = 303  # See Other: the browser GETs /search/, whatever the method was
        return response
    typed = str(request.session.get(SEARCH_SESSION_KEY, ""))
    context: dict = {"q": typed, "min_length": search.MIN_QUERY, "max_length": search.MAX_QUERY}
    if typed.strip():
        try:
            q = search.clean_query(typed)
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            results = search.search(request.user, q)
            search.audit_shown(request.user, results)  # R-PRIV-3
            context.update(searched=q, count=len(results), groups=search.grouped(results))
    return render(request, "search.html", context)
