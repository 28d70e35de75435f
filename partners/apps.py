from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Care partners (s396 approval)"
    contributions: Contributions

    def ready(self) -> None:
        # What this app adds to the core (careportal.contributions has the orders). The modules import
        # models, which Django allows only once the app registry is ready, hence here.
        from partners import demo, lookups, permissions, portal, search, sweep
        from partners.models import Application, Organisation

        self.contributions = Contributions(
            sweep=(Ordered(200, sweep.run),),
            # The organisations come before the demo users, who belong to them; the records after.
            demo=(Ordered(100, demo.seed_organisations), Ordered(300, demo.seed)),
            work_queue=(Ordered(200, portal.work_queue),),
            dashboard_charts=(Ordered(300, portal.dashboard_charts),),
            calendar_events=(Ordered(200, portal.calendar_events),),
            scopes={
                "partners.organisation": lambda user: permissions.restrict(
                    Organisation.objects.all(), user, organisation_path="pk", staff_see_all=True
                ),
                "partners.application": lambda user: permissions.restrict(
                    Application.objects.all(), user, organisation_path="organisation_id", staff_see_all=False
                ),
            },
            lookups={"care-partners": lookups.CARE_PARTNERS},
            search=search.searchables(),
        )
