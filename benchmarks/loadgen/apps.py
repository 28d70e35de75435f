from django.apps import AppConfig


class LoadgenConfig(AppConfig):
    name = "benchmarks.loadgen"
    label = "loadgen"
    verbose_name = "Benchmark (load data generator and baseline route)"
