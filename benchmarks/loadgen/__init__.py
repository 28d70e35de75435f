"""The benchmark's Django app: `manage.py generate_load_data` and the `.values()` baseline route.

Installed by careportal.settings.benchmark only; the product's settings and URLs know nothing of it.
"""
