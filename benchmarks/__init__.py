"""The performance benchmark (benchmarks/run.py) and its Django app, `benchmarks.loadgen`, which only
careportal.settings.benchmark installs: no product module imports anything here."""
