from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careportal.accounts"
    label = "accounts"
    verbose_name = "Users, roles and organisation membership"

    def ready(self) -> None:
        from . import schema, security, tokens  # noqa: F401  (schema extensions, signal receivers)
