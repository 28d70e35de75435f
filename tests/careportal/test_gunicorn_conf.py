"""The access log never holds a query string (R-PRIV-2, decision 0019): the API's `?q=` and `?child=`
may be a child's name."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "careportal" / "gunicorn_conf.py"


def _config() -> Config:
    """The file loaded as gunicorn loads `-c`: each of its names a setting."""
    config = Config()
    names: dict = {}
    exec(compile(CONF.read_text(), str(CONF), "exec"), names)  # noqa: S102 - our own config file
    for key, value in names.items():
        if key in config.settings:
            config.set(key, value)
    return config


def test_the_format_has_the_path_and_no_query_string_nor_referrer():
    fmt = _config().access_log_format
    assert "%(U)s" in fmt
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({raw_uri}e)s"):
        assert atom not in fmt, atom
    assert _config().accesslog == "-"


def test_an_api_search_logs_its_path_without_the_name(caplog):
    logger = Logger(_config())
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/search/", "QUERY_STRING": "q=T%C4%81whiri",
        "RAW_URI": "/api/v1/search/?q=T%C4%81whiri", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": "https://portal.example/agreements/?child=Tawhiri",
        "HTTP_USER_AGENT": "integrator/1.0",
    }  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=42, headers=[])
    request = SimpleNamespace(headers=[])
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.access_log.addHandler(handler)
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    assert len(lines) == 1, lines
    assert '"GET /api/v1/search/ HTTP/1.1" 200 42' in lines[0]
    assert "whiri" not in lines[0] and "q=" not in lines[0] and "child=" not in lines[0]
