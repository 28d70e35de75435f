from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "careportal.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmarking (load data generator)"
