"""``benchmark_pages --reuse --explain FILE``: the query plans behind each main page at full
scale, so a reader can check that each query reads what it needs through an index.

For every page it EXPLAINs (ANALYZE) the page's slowest queries as captured from one request and
writes them with their timings, one block per query, in the format of ``docs/scale-explain.txt``.
"""

from __future__ import annotations

from django.db import connection

RULE = "=" * 100
SHOWN_PER_PAGE = 3
SQL_SHOWN = 600


def _plan(sql: str) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    executed = next(
        (float(line.split(":")[1].split()[0]) for line in lines if line.startswith("Execution")),
        0.0,
    )
    return executed, lines


def explain_page(name: str, persona: str, queries: list[dict]) -> list[str]:
    """The page's slowest read queries (by their own EXPLAIN ANALYZE), slowest first."""
    plans = []
    for query in queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plans.append((*_plan(sql), sql))
    plans.sort(key=lambda p: -p[0])
    out = []
    for executed, lines, sql in plans[:SHOWN_PER_PAGE]:
        out += [RULE, f"{name} as {persona}: {executed:.2f} ms"]
        out.append("SQL: " + (sql if len(sql) <= SQL_SHOWN else sql[:SQL_SHOWN] + " ..."))
        out += lines
    return out


def header(sizes: dict) -> list[str]:
    return [
        "EXPLAIN (ANALYZE) of each main page's slowest queries (at most "
        f"{SHOWN_PER_PAGE}), captured from one request on the program-scale data of",
        "make benchmark-pages (" + ", ".join(f"{k}: {v:,}" for k, v in sizes.items()) + ").",
        "Made by: manage.py benchmark_pages --serve --reuse --explain FILE (a --keep database).",
    ]
