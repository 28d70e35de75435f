from django.apps import AppConfig

from careportal.contributions import Contributions, Ordered
from partners.qa_cycle import QACycleStart


class QualityConfig(AppConfig):
    name = "quality"
    contributions: Contributions
    start_qa_cycle: QACycleStart  # partners.qa_cycle's port: a partner's approval opens its QA cycle

    def ready(self) -> None:
        # What this app adds to the core (careportal.contributions has the orders). The modules import
        # models, which Django allows only once the app registry is ready, hence here.
        from quality import approvals, demo, lookups, permissions, portal, sweep
        from quality.models import QACycle, QAReview
        from quality.services.report import requeue_final_reports

        self.start_qa_cycle = approvals.start_qa_cycle
        self.contributions = Contributions(
            sweep=(Ordered(400, sweep.run), Ordered(600, requeue_final_reports)),
            demo=(Ordered(600, demo.seed),),
            work_queue=(Ordered(400, portal.work_queue),),
            # No chart on the staff dashboard: quality's figures are findings by standard, stacked by rating
            # (a shape the dashboard's one-bar charts do not draw), and its own dashboard (quality.charts)
            # already shows them to the roles that follow QA; adding one would change the staff dashboard.
            calendar_events=(Ordered(400, portal.calendar_events),),
            scopes={
                "quality.qacycle": lambda user: permissions.cycles_visible_to(user, QACycle.objects.all()),
                "quality.qareview": lambda user: permissions.reviews_visible_to(user, QAReview.objects.all()),
            },
            lookups={"cycle-organisations": lookups.CYCLE_ORGANISATIONS},
        )
