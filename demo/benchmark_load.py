"""The HTTP side of ``manage.py benchmark_pages --serve``: a small load generator (threads and
``http.client``, loopback only, bounded in requests and time) and the side-by-side table.

Every page is measured next to two references on the same server and data: Django admin's
changelist of the same model and a floor view (login required, a tiny template, no query of
its own). Targets (issue 14): a page at least 2x the admin's requests per second and 0.1x the
floor's, at most 16 queries and the same number at small and full scale, HTML under 100 KB,
the staff feed under 300 KB.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"
MAX_QUERIES = 16
MAX_HTML_BYTES = 100 * 1024
MAX_FEED_BYTES = 300 * 1024
ADMIN_FACTOR = 2.0
FLOOR_FACTOR = 0.1


@dataclass
class Load:
    url: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    size: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _get(port: int, url: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def measure(
    port: int,
    url: str,
    cookie: str,
    *,
    seconds: float,
    max_requests: int,
    threads: int = 2,
    warmup: int = 2,
) -> Load:
    """GET ``url`` from ``threads`` threads until ``seconds`` pass or ``max_requests`` are made."""
    if not HOST.startswith("127."):
        raise ValueError("the benchmark only talks to loopback")
    load = Load(url=url)
    for _ in range(warmup):
        _status, load.size = _get(port, url, cookie)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if load.requests + load.errors >= max_requests:
                    return
            started = time.perf_counter()
            try:
                status, _size = _get(port, url, cookie)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    load.requests += 1
                    load.latencies.append(elapsed)
                else:
                    load.errors += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    load.seconds = time.perf_counter() - started
    return load


def not_ok(port: int, urls: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(url, cookie, status) of each URL that does not answer 200."""
    wrong = []
    for url, cookie in urls:
        status, _size = _get(port, url, cookie)
        if status != 200:
            wrong.append((url, cookie, status))
    return wrong


def warm(port: int, urls: list[tuple[str, str]], *, times: int = 4) -> None:
    """Request each URL a few times from two threads at once, so each of the two workers has
    served it (a cached read model is computed once per worker with the laptop's per-process
    cache; one after the other, both requests could go to the same worker)."""

    def run(url: str, cookie: str) -> None:
        for _ in range(times // 2):
            _get(port, url, cookie)

    for url, cookie in urls:
        pool = [threading.Thread(target=run, args=(url, cookie)) for _ in range(2)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()


@dataclass
class Row:
    name: str
    persona: str
    page: Load
    admin: Load
    floor: Load
    queries_small: int
    queries_full: int
    is_feed: bool = False

    @property
    def vs_admin(self) -> float:
        return self.page.rps / self.admin.rps if self.admin.rps else 0.0

    @property
    def vs_floor(self) -> float:
        return self.page.rps / self.floor.rps if self.floor.rps else 0.0

    def problems(self) -> list[str]:
        found = []
        if self.page.errors:
            found.append(f"{self.page.errors} errors")
        if self.vs_admin < ADMIN_FACTOR:
            found.append(f"<{ADMIN_FACTOR:g}x admin")
        if self.vs_floor < FLOOR_FACTOR:
            found.append(f"<{FLOOR_FACTOR:g}x floor")
        if self.queries_full > MAX_QUERIES:
            found.append(f">{MAX_QUERIES} queries")
        if self.queries_small != self.queries_full:
            found.append("queries grow")
        limit = MAX_FEED_BYTES if self.is_feed else MAX_HTML_BYTES
        if self.page.size > limit:
            found.append(f">{limit // 1024} KB")
        return found


def table(rows: list[Row]) -> list[str]:
    head = (
        f"{'page':<28} {'as':<8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'KB':>6} "
        f"{'admin/s':>7} {'floor/s':>7} {'xadmin':>6} {'xfloor':>6} {'q small':>7} "
        f"{'q full':>6}  verdict"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        problems = r.problems()
        lines.append(
            f"{r.name[:28]:<28} {r.persona:<8} {r.page.rps:>7.1f} "
            f"{r.page.percentile(50) * 1000:>7.1f} {r.page.percentile(99) * 1000:>7.1f} "
            f"{r.page.size / 1024:>6.1f} {r.admin.rps:>7.1f} {r.floor.rps:>7.1f} "
            f"{r.vs_admin:>6.2f} {r.vs_floor:>6.2f} {r.queries_small:>7} {r.queries_full:>6}  "
            + ("ok" if not problems else "MISS: " + ", ".join(problems))
        )
    return lines
