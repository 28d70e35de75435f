from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careportal.pagination import LargeCountPaginator
from careportal.portal import run_action

from .forms import TaskDoneForm
from .models import Notification
from .permissions import actionable_tasks
from .services import task_mark_done


@login_required
def notification_list(request):
    page = LargeCountPaginator(request.user.notifications.order_by("-created_at"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


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
