from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "careportal.observability"
    label = "observability"
    verbose_name = "Health, metrics and logs"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import celery_signals, metrics

        celery_signals.connect()
        process = "worker" if _in_celery_worker() else "web"
        wrapper = metrics.count_queries(process)

        def instrument(sender, connection, **kwargs):  # every new database connection counts its queries
            if wrapper not in connection.execute_wrappers:
                connection.execute_wrappers.append(wrapper)

        connection_created.connect(instrument, weak=False, dispatch_uid="careportal.obs.queries")


def _in_celery_worker() -> bool:
    """`celery … worker` (or beat): the `process` label of the query counter."""
    import sys

    return "celery" in sys.argv[0]
