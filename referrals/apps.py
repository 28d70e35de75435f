from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered


class ReferralsConfig(AppConfig):
    name = "referrals"
    contributions: Contributions

    def ready(self) -> None:
        # What this app adds to the core (careportal.contributions has the orders). The modules import
        # models, which Django allows only once the app registry is ready, hence here.
        from referrals import demo, lookups, permissions, portal, search, sweep
        from referrals.models import Referral

        self.contributions = Contributions(
            sweep=(Ordered(300, sweep.run),),
            demo=(Ordered(500, demo.seed),),
            work_queue=(Ordered(300, portal.work_queue),),
            dashboard_charts=(Ordered(200, portal.dashboard_charts),),
            calendar_events=(Ordered(300, portal.calendar_events),),
            lookups={"providers": lookups.PROVIDERS},
            scopes={"referrals.referral": lambda user: permissions.scope(Referral.objects.all(), user)},
            search=search.searchables(),
        )
