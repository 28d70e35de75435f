from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careportal.pagination import LargeCountPaginator

from .models import FollowUpTask, Notification, TaskStatus


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
    task = get_object_or_404(FollowUpTask, pk=pk, assignee=request.user)
    FollowUpTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=timezone.now()
    )
    messages.success(request, "Task marked as done.")
    return redirect("home")
