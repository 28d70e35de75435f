"""`/verify/<code>/`: the public check of an executed copy (mounted at the site's root, unnamespaced, so the
QR code printed on paper keeps a short address)."""

from django.urls import path

from .document_views import verify_page

urlpatterns = [path("<str:code>/", verify_page, name="verify")]
