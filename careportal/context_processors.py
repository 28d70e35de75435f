from django.conf import settings

from careportal.navigation import nav_for


def portal(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "nav_items": nav_for(user, request.path) if user is not None else [],
        "unread_notifications": unread,
        "portal_name": "careportal",
        "debug": settings.DEBUG,
    }
