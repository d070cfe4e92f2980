"""The portal's WSGI app as `make bench` serves it: each response carries the number of SQL queries it ran
and their time (`X-Bench-Queries`, `X-Bench-SQL-ms`), counted by a database execute wrapper."""

import time

from django.db import connection

from coalition.wsgi import application as portal


class _Counter:
    def __init__(self):
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def application(environ, start_response):
    counter = _Counter()

    def counted_start_response(status, headers, exc_info=None):
        extra = [
            ("X-Bench-Queries", str(counter.queries)),
            ("X-Bench-SQL-ms", f"{counter.seconds * 1000:.1f}"),
        ]
        return start_response(status, [*headers, *extra], exc_info)

    with connection.execute_wrapper(counter):
        return portal(environ, counted_start_response)
