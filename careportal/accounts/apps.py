from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careportal.accounts"
    label = "accounts"
    verbose_name = "Users, roles and organisation membership"

    def ready(self) -> None:
        from . import security, tokens  # noqa: F401  (signal receivers)
