"""``manage.py benchmark_pages``: how the main pages behave at program scale.

Two modes:

- in-process (default): builds ~400 factories, ~8,000 visits, ~40,000 findings and the rest
  (``demo.benchmark``) inside a transaction that is rolled back, requests the main pages with
  Django's test client and prints per page the status, SQL queries and median/max time.
- ``--serve`` (``make benchmark-pages``): creates its own PostgreSQL database (``--database-url``,
  default ``BENCH_DATABASE_URL`` or ``postgres://postgres@127.0.0.1:5432/ietp_bench``), builds the
  program's size there (5,000 factories, 50,000 visits, ~500,000 findings), counts each page's
  queries at a small and at the full size, serves the app with gunicorn (2 sync workers) and
  measures every page next to the admin changelist of the same model and a floor view; then
  drops the database (``--keep`` keeps it). Nothing touches the developer's database.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings

from demo.benchmark import FULL_SCALE, build
from demo.benchmark_explain import explain_page, header
from demo.benchmark_pages import ADMIN_REFERENCE, SLOW_SECONDS, run_pages, table

DEFAULT_BENCH_URL = "postgres://postgres@127.0.0.1:5432/ietp_bench"
SMALL_SCALE = 0.02


class _Rollback(Exception):
    pass


def _analyze(*, vacuum: bool = False) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Planner statistics for the new rows; with ``vacuum`` (outside a transaction) also
            # the visibility map autovacuum keeps on a live database, so counts can read an
            # index alone as they would there.
            cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def _session_cookie(user) -> str:
    """A signed-in session as after the login form: the backend that loads users (not django-axes'
    lockout check) and, for whoever must use two-factor, the code entered (``verify_session``)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from security.services import two_factor_enrolled, two_factor_required
    from security.testing import authenticator_for

    user.refresh_from_db()
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if two_factor_required(user) or two_factor_enrolled(user):
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Command(BaseCommand):
    help = "Time the main pages on program-scale data (in-process, or served: --serve)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = ~8,000 visits")
        parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error if a page misses a target"
        )
        parser.add_argument("--serve", action="store_true", help="gunicorn, own database")
        parser.add_argument("--full", action="store_true", help="with --serve: program size")
        parser.add_argument("--database-url", default="", help="with --serve: the bench database")
        parser.add_argument("--seconds", type=float, default=2.5, help="load time per URL")
        parser.add_argument("--max-requests", type=int, default=400, help="per URL")
        parser.add_argument("--port", type=int, default=0, help="gunicorn port (0: a free one)")
        parser.add_argument("--keep", action="store_true", help="keep the bench database")
        parser.add_argument("--prepare", default="", help=PREPARE_HELP)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="with --serve: measure again on the database a --keep run left (no rebuild)",
        )
        parser.add_argument(
            "--only",
            default="",
            help="with --serve: measure only the pages whose name contains one of these "
            "(comma-separated, e.g. 'factory_detail,review_queue'; 'as' persona: 'manager|')",
        )
        parser.add_argument("--recount", default="", help="internal: the kept run's JSON")
        parser.add_argument(
            "--explain",
            default="",
            help="with --reuse: write each page's slowest query plans (EXPLAIN ANALYZE) here",
        )

    def handle(self, *args, **options) -> None:
        if options["prepare"]:
            return self._prepare(options)
        if options["serve"]:
            return self._serve(options)
        return self._in_process(options)

    # -- in-process ---------------------------------------------------------------------------

    def _in_process(self, options) -> None:
        scale, runs, strict = options["scale"], options["runs"], options["strict"]
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        try:
            with override_settings(ALLOWED_HOSTS=hosts), transaction.atomic():
                started = time.perf_counter()
                data = build(scale=scale)
                _analyze()
                built = time.perf_counter() - started
                results = run_pages(data, runs=runs)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"Database: {connection.vendor}; data built in {built:.1f} s (rolled back afterwards)"
        )
        self.stdout.write(", ".join(f"{k}: {v:,}" for k, v in data.sizes.items()))
        self.stdout.write(f"{runs} timed runs per page after one warm-up")
        for line in table(results):
            self.stdout.write(line)
        problems = [r for r in results if r.problem]
        for r in problems:
            self.stderr.write(f"{r.name} ({r.url}) as {r.persona}: {r.problem}")
        if not problems:
            self.stdout.write(f"Every page returned 200 with a median under {SLOW_SECONDS:.0f} s.")
        elif strict:
            raise CommandError(f"{len(problems)} page(s) not 200 or slower than {SLOW_SECONDS} s")

    # -- --prepare: runs inside the bench database (a subprocess of --serve) -------------------

    def _recount(self, options) -> None:
        """Count the queries again on the kept data with the code as it is now."""
        from django.db import reset_queries
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        state = json.loads(Path(options["recount"]).read_text())
        # Fresh sessions for the same people: the kept ones may have ended (idle timeout).
        state["cookies"] = {
            persona: _session_cookie(user) if user else ""
            for persona, user in _people(state).items()
        }
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        plans: list[str] = []
        with override_settings(ALLOWED_HOSTS=hosts):
            for page in state["pages"]:
                client = Client(raise_request_exception=False)
                cookie = state["cookies"][page["persona"]]
                if cookie:
                    name, value = cookie.split("=", 1)
                    client.cookies[name] = value
                client.get(page["url"])
                reset_queries()
                # As run_pages: what computing the page costs, cached read models afresh.
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page["url"])
                page["queries_full"] = len(captured.captured_queries)
                page["status"] = response.status_code
                page["size"] = len(response.content)
                if options["explain"]:
                    plans += explain_page(page["name"], page["persona"], captured.captured_queries)
        if options["explain"]:
            Path(options["explain"]).write_text("\n".join([*header(state["sizes"]), *plans, ""]))
        Path(options["prepare"]).write_text(json.dumps(state))

    def _prepare(self, options) -> None:
        if options["recount"]:
            return self._recount(options)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts):
            try:
                with transaction.atomic():
                    small_data = build(scale=SMALL_SCALE)
                    _analyze()
                    small = run_pages(small_data, runs=0)
                    raise _Rollback
            except _Rollback:
                pass
            started = time.perf_counter()
            with transaction.atomic():
                data = build(**FULL_SCALE) if options["full"] else build(scale=options["scale"])
            _analyze(vacuum=True)
            built = time.perf_counter() - started
            full = run_pages(data, runs=0)
        cookies = {
            "staff": _session_cookie(data.staff),
            "manager": _session_cookie(data.manager),
            "visitor": _session_cookie(data.visitor),
            "anonymous": "",
        }
        small_queries = {(r.persona, r.name): r.queries for r in small}
        result = {
            "users": {
                "staff": data.staff.pk,
                "manager": data.manager.pk,
                "visitor": data.visitor.pk,
            },
            "built_seconds": built,
            "sizes": data.sizes,
            "cookies": cookies,
            "pages": [
                {
                    "name": r.name,
                    "persona": r.persona,
                    "url": r.url,
                    "status": r.status,
                    "queries_small": small_queries.get((r.persona, r.name), -1),
                    "queries_full": r.queries,
                    "size": r.size,
                }
                for r in full
            ],
        }
        Path(options["prepare"]).write_text(json.dumps(result))

    # -- --serve ---------------------------------------------------------------------------------

    def _serve(self, options) -> None:
        from demo.benchmark_load import Row, measure
        from demo.benchmark_load import table as load_table

        url = options["database_url"] or os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_URL)
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        if not url.startswith("postgres") or not name or name == "ietp":
            raise CommandError("--serve needs its own PostgreSQL database (not 'ietp')")
        if (parts.hostname or "") not in ("127.0.0.1", "localhost", "::1"):
            raise CommandError("--serve runs against a database on this machine only")
        state_file = Path(settings.BASE_DIR) / f".benchmark-pages-{name}.json"
        if options["explain"] and not options["reuse"]:
            raise CommandError("--explain reads a kept database: add --reuse")
        if options["reuse"] and not state_file.exists():
            raise CommandError(f"nothing to reuse: run with --keep first ({state_file} missing)")
        if not options["reuse"]:
            self._recreate_database(parts, name)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "demo.bench_settings",
            "CELERY_BROKER_URL": "",
            "PYTHONUNBUFFERED": "1",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        gunicorn = None
        try:
            started = time.perf_counter()
            subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
            # Debug is off: pages need the collected static files' manifest (else every page
            # is a 500).
            subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder) / "prepared.json"
                prepare = [*manage, "benchmark_pages", "--prepare", str(out)]
                if options["reuse"]:
                    prepare += ["--recount", str(state_file)]
                    if options["explain"]:
                        prepare += ["--explain", str(Path(options["explain"]).resolve())]
                else:
                    prepare += ["--full"] if options["full"] else ["--scale", str(options["scale"])]
                subprocess.run(prepare, env=env, check=True)
                prepared = json.loads(out.read_text())
            if options["keep"]:
                state_file.write_text(json.dumps(prepared))
            self.stdout.write(
                f"Bench database {name}: "
                + ("reused, " if options["reuse"] else "")
                + f"migrated and prepared in {time.perf_counter() - started:.0f} s "
                f"(data built in {prepared['built_seconds']:.0f} s)"
            )
            self.stdout.write(", ".join(f"{k}: {v:,}" for k, v in prepared["sizes"].items()))
            port = options["port"] or _free_port()
            gunicorn = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "ietp.wsgi:application",
                    "--workers",
                    "2",
                    "--worker-class",
                    "sync",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "120",
                ],
                env=env,
                cwd=str(settings.BASE_DIR),
            )
            _wait_for(port)
            rows = self._measure(prepared, port, options, measure, Row)
        finally:
            if gunicorn is not None:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
            if not options["keep"]:
                self._drop_database(parts, name)
                state_file.unlink(missing_ok=True)
        self.stdout.write(
            f"gunicorn, 2 sync workers; 2 client threads; {options['seconds']:g} s or "
            f"{options['max_requests']} requests per URL; admin = Django admin changelist of the "
            "same model (as staff); floor = login-required tiny page; both measured right "
            "before each page"
        )
        for line in load_table(rows):
            self.stdout.write(line)
        missed = [r for r in rows if r.problems()]
        if not missed:
            self.stdout.write("Every page meets the targets.")
        else:
            self.stdout.write(f"{len(missed)} page(s) miss a target.")
            if options["strict"]:
                raise CommandError(f"{len(missed)} page(s) miss a target")

    def _measure(self, prepared, port, options, measure, row_class):
        cookies = prepared["cookies"]
        wanted = [w for w in options["only"].split(",") if w]
        pages = [
            p
            for p in prepared["pages"]
            if not wanted or any(w in f"{p['persona']}|{p['name']}" for w in wanted)
        ]

        def load(url: str, cookie: str):
            # Each page's references are measured again right before it, not once for the
            # run: a 2-core machine's speed drifts over minutes, and a page must be compared
            # with what its references do at the same time.
            return measure(
                port, url, cookie, seconds=options["seconds"], max_requests=options["max_requests"]
            )

        from demo.benchmark_load import not_ok, warm

        # Both workers import, compile templates and connect before anything is timed.
        urls = {("/benchmark/floor/", c or cookies["staff"]) for c in cookies.values()}
        urls |= {(f"/admin/{m}/", cookies["staff"]) for m in ADMIN_REFERENCE.values()}
        urls |= {(p["url"], cookies[p["persona"]]) for p in pages}
        # A redirect (to the login or the two-factor step) or an error page would be timed as
        # if it were the page: every page and reference must answer 200 first.
        wrong = not_ok(port, sorted(urls))
        if wrong:
            names = {v: k for k, v in cookies.items() if v}
            raise CommandError(
                "not 200, nothing measured: "
                + "; ".join(
                    f"{url} as {names.get(c, 'anonymous')}: {status}" for url, c, status in wrong
                )
            )
        warm(port, sorted(urls))
        rows = []
        for page in pages:
            persona = page["persona"]
            floor_cookie = cookies[persona] or cookies["staff"]
            admin_url = f"/admin/{ADMIN_REFERENCE.get(page['name'], 'visits/visit')}/"
            floor = load("/benchmark/floor/", floor_cookie)
            admin = load(admin_url, cookies["staff"])
            measured = load(page["url"], cookies[persona])
            rows.append(
                row_class(
                    name=page["name"],
                    persona=persona,
                    page=measured,
                    admin=admin,
                    floor=floor,
                    queries_small=page["queries_small"],
                    queries_full=page["queries_full"],
                    is_feed="feed" in page["name"],
                )
            )
        return rows

    def _admin_connection(self, parts):
        import psycopg2

        dsn = urlunsplit(parts._replace(path="/postgres"))
        conn = psycopg2.connect(dsn)
        conn.autocommit = True
        return conn

    def _recreate_database(self, parts, name: str) -> None:
        conn = self._admin_connection(parts)
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def _drop_database(self, parts, name: str) -> None:
        conn = self._admin_connection(parts)
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


PREPARE_HELP = "internal: build in this database, count queries, write JSON here"


def _people(state: dict) -> dict:
    """The personas' users of a kept run (older runs kept only the cookies: read their
    sessions' user, expired or not)."""
    from django.contrib.auth import SESSION_KEY, get_user_model
    from django.contrib.sessions.models import Session

    users = get_user_model().objects
    people: dict = {"anonymous": None}
    for persona, cookie in state["cookies"].items():
        if persona == "anonymous":
            continue
        pk = state.get("users", {}).get(persona)
        if pk is None:
            session = Session.objects.get(session_key=cookie.split("=", 1)[1])
            pk = session.get_decoded()[SESSION_KEY]
        people[persona] = users.get(pk=pk)
    return people


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not start on port {port}")
