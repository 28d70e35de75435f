from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered


class AgreementsConfig(AppConfig):
    name = "agreements"
    contributions: Contributions

    def ready(self) -> None:
        # What this app adds to the core (careportal.contributions has the orders). The modules import
        # models, which Django allows only once the app registry is ready, hence here.
        from agreements import demo, lookups, permissions, portal, replanning, search, sweep, versions
        from agreements.models import Agreement, Child

        self.contributions = Contributions(
            sweep=(
                # Documents owed first (R-ALL-6): the day's reminders then see the executed copies made.
                Ordered(50, versions.requeue_documents),
                Ordered(100, sweep.run),
                Ordered(250, replanning.run),
            ),
            demo=(Ordered(400, demo.seed),),
            work_queue=(Ordered(100, portal.work_queue),),
            dashboard_charts=(Ordered(100, portal.dashboard_charts),),
            calendar_events=(Ordered(100, portal.calendar_events),),
            scopes={
                "agreements.agreement": lambda user: permissions.scope_agreements(
                    Agreement.objects.all(), user
                ),
                "agreements.child": lambda user: permissions.scope_children(Child.objects.all(), user),
            },
            lookups={"children": lookups.CHILDREN},
            search=search.searchables(),
        )
