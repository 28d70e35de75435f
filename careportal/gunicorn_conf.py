"""gunicorn's settings for the portal and the API: `gunicorn -c careportal/gunicorn_conf.py
careportal.wsgi:application` (README "The full stack", docker-compose.yml).

R-PRIV-2 (decision 0019): no child's name in a URL, and so none in an access log. The portal keeps typed
names out of its URLs, but the API's search and filters take them in the query string (`GET
/api/v1/search/?q=`, `?child=`: api.md, the integrators' contract). gunicorn's default access-log format
prints the request line (`%(r)s`), query string and all, and the referring page's URL (`%(f)s`); this one
prints the method, the path without the query string (`%(U)s`) and the protocol, and no referrer.
"""

accesslog = "-"  # to standard output, where the container's log collector reads it
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'
