"""Calling one function from several threads at the same moment (concurrency tests)."""

import threading
from collections.abc import Callable

from django.db import connections


def at_once(call: Callable[[], object], times: int = 10) -> list:
    """Run ``call`` in ``times`` threads released together; return their results.

    Each thread closes its own database connections. Needs a test that really
    commits (``django_db(transaction=True)``) and a database with concurrent writers.
    """
    barrier = threading.Barrier(times)
    results = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(call())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
