"""Eyes on the service: health and readiness probes, Prometheus metrics, structured logs, error reports
(docs/deploying/health-metrics-logs.md, decision 0024)."""
