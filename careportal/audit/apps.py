from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered


class AuditConfig(AppConfig):
    name = "careportal.audit"
    label = "audit"
    verbose_name = "Audit trail"
    contributions: Contributions

    def ready(self) -> None:
        from .digest import run  # imports the models: only once the app registry is ready

        # Last of the sweep's steps: yesterday's audit rows are all written by then.
        self.contributions = Contributions(sweep=(Ordered(900, run),))
