from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered


class AccountsConfig(AppConfig):
    name = "careportal.accounts"
    label = "accounts"
    verbose_name = "Users, roles and organisation membership"
    contributions: Contributions

    def ready(self) -> None:
        # Modules that import models, importable only once the app registry is ready.
        from careportal import demo
        from careportal.scoped_choices import users_visible_to

        from . import schema, security, tokens  # noqa: F401  (schema extensions, signal receivers)

        # The demo users come after the organisations they belong to, before the records they act on.
        self.contributions = Contributions(
            demo=(Ordered(200, demo.seed_users),), scopes={"accounts.user": users_visible_to}
        )
