"""The demo leaves table statistics behind, so the planner does not have to guess."""

import datetime

import pytest
from django.db import connection

from likvard.core.calendar import STOCKHOLM as TZ
from likvard.demo.generator import generate
from likvard.demo.municipalities import STOCKHOLM

pytestmark = pytest.mark.django_db


def test_the_demo_build_analyzes_its_tables_on_sqlite():
    """PostgreSQL's ANALYZE was there already; SQLite had none, and its children list
    took 95 s on the demo (see tests/people/test_child_visibility.py for the shape
    that does not need them)."""
    if connection.vendor != "sqlite":
        pytest.skip("sqlite_stat1 is SQLite's; PostgreSQL statistics are not transactional")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    now = datetime.datetime(2026, 3, 11, 13, 30, tzinfo=TZ)
    generate(STOCKHOLM, years=1, seed=3, scale=0.01, now=now, demo_accounts=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {row[0] for row in cursor.fetchall()}
    assert {"reports_report", "people_child"} <= analyzed
