"""Logging filters: the request id on every line, and refused requests on one line."""

import logging
from contextvars import ContextVar

# The id of the request being served ("-" outside a request: commands, the worker).
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` attribute for the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id == "-":
            # Django logs a 4xx/5xx response after the middleware returned it; the
            # record carries the request, which RequestIdMiddleware named.
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True


class ClientErrorsBriefFilter(logging.Filter):
    """Drop the traceback from 403 and 404 records: a refused request is one line.

    Django logs a PermissionDenied with its exception; that is expected behaviour
    (someone followed a link they may not use), not an error worth a traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
