from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from careportal.pagination import LargeCountPaginator
from careportal.portal import run_action

from .forms import NotificationFilterForm, TaskDoneForm
from .kinds import kind_label
from .models import Notification
from .permissions import actionable_tasks
from .selectors import inbox, kind_groups
from .services import notifications_mark_all_read, task_mark_done


@login_required
def notification_list(request):
    """My notifications, filtered by kind and unread; an invalid filter lists nothing."""
    form = NotificationFilterForm(request.GET, kinds=kind_groups(request.user))
    selection = form.selection()
    queryset = Notification.objects.none()
    if selection is not None:
        stored_kinds, unread = selection
        queryset = inbox(request.user, stored_kinds=stored_kinds, unread=unread)
    page = LargeCountPaginator(queryset, 25).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k in ("kind", "unread") and v})
    context = {
        "page": page,
        "filter": form,
        "query": query,
        "any_unread": request.user.notifications.filter(read_at__isnull=True).exists(),
        "kind_label": kind_label(form.cleaned_data["kind"])
        if selection and form.cleaned_data["kind"]
        else "",
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notification_read_all(request):
    """ "Mark all as read": my unread notifications of the kind filtered on (every kind when none), then
    back to the same filter. An invalid filter marks nothing."""
    form = NotificationFilterForm(request.POST, kinds=kind_groups(request.user))
    selection = form.selection()
    if selection is None:
        messages.error(request, "Check the filters: choose a kind from the list.")
        return redirect("notifications:list")
    count = notifications_mark_all_read(user=request.user, stored_kinds=selection[0])
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    else:
        messages.info(request, "Nothing was unread.")
    query = urlencode({k: form.data[k] for k in ("kind", "unread") if form.data.get(k)})
    return redirect(reverse("notifications:list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(notification.link or "notifications:list")


@login_required
@require_POST
def task_done(request, pk):
    """Mark one of my (or my team's) follow-up tasks done through the one audited service."""
    task = get_object_or_404(actionable_tasks(request.user), pk=pk)
    form = TaskDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect("home")
    run_action(
        request,
        task_mark_done,
        task=task,
        by=request.user,
        note=form.cleaned_data["note"],
        success="Task marked as done.",
    )
    return redirect("home")
