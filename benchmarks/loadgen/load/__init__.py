"""Load data for the benchmark (decision 0010): set-based SQL (INSERT … SELECT over generate_series).

Every row is computed by PostgreSQL itself from its position `g`, so nothing crosses the wire row by row:
scale 1 (≈3.7 million rows) takes a few minutes on two cores. Ids are `md5(prefix || g)::uuid` so later
statements find earlier rows by arithmetic instead of lookups. Values respect the statute (R-139-1,
R-140-2/3, R-AGE-3 caps on the legal maximum, R-ALL-6 signatures, R-PR-1/2 before sending) and every
check constraint; the reference counters are moved past the numbers used so the app can carry on.
"""
