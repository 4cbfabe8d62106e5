"""Benchmark the public newsroom on PostgreSQL with gunicorn, beside a bare Django hello-world.

    .venv/bin/python benchmarks/run.py                      # 1,000 then 100,000 releases
    .venv/bin/python benchmarks/run.py --sizes 200 --duration 3   # a quick smoke run

For each size it (re)fills its own database (`iom_bench` unless --database-url says otherwise)
with `generate_demo_releases`, serves the site and `benchmarks/hello.py` with gunicorn as in
production (DEBUG off, compressed static files, 2 sync workers, persistent connections), loads
each page with wrk on 127.0.0.1 for a bounded time, and writes the figures as JSON under
benchmarks/results/ plus a Markdown table (ratios to hello-world) for docs/performance.md.
Every process it starts is stopped before it exits, whatever happens. See benchmarks/README.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
VENV_BIN = Path(sys.executable).parent
WORKERS = 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 100_000],
                        help="Numbers of releases to measure at, ascending.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per URL.")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up per URL.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/iom_bench")
    parser.add_argument("--reuse-db", action="store_true",
                        help="Keep the database's releases and only add what a size lacks.")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--generate-up-to", type=int, default=None, metavar="N",
                        help="Generate releases in Python up to N; beyond, copy them inside "
                             "PostgreSQL (benchmarks/copies.py): how a million is reached.")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="Render every request (DJANGO_PAGE_CACHE=False): what logged-in "
                             "users and cache misses cost.")
    parser.add_argument("--cold", action="store_true",
                        help="Every cache off (DJANGO_CONTENT_CACHE_SECONDS=0): each request "
                             "rendered from nothing, as the first visit after a change.")
    parser.add_argument("--redis-url", default=None,
                        help="Serve with this Redis as the cache (its database is emptied "
                             "first), e.g. redis://127.0.0.1:6379/5; by default each worker's "
                             "own memory.")
    return parser.parse_args()


# --- Processes --------------------------------------------------------------------------------

STARTED = []
# Base URL of each server started -> its process group (gunicorn's master and workers).
GROUPS = {}


def stop_all():
    """Stop every process group this script started (gunicorn masters and their workers)."""
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app, env, log_dir, access_log=None):
    """Serve `app` on a free loopback port; yield its base URL; stop it afterwards.
    `access_log`: a file for gunicorn's access log, with each request's time in µs last."""
    port = free_port()
    log = open(log_dir / f"gunicorn-{app.split(':')[0]}-{port}.log", "w")
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"), app,
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(WORKERS),
            "--worker-class", "sync",
            "--no-control-socket",
            # gunicorn.conf.py (production) is read too; for measuring, no access log lines
            # and no worker recycling in the middle of a run.
            "--access-logfile", str(access_log or "/dev/null"),
            "--access-logformat", '%(s)s "%(r)s" %(D)s',
            "--max-requests", "0",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    STARTED.append(process)
    base = f"http://127.0.0.1:{port}"
    GROUPS[base] = process.pid
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app} did not start; see {log.name}") from None
                time.sleep(0.2)
        yield base
    finally:
        STARTED.remove(process)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


# --- Load -------------------------------------------------------------------------------------


def ensure_wrk():
    """wrk (Debian package) if it is there or can be installed; None means the Python client."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(wrk, url, duration, connections, threads):
    output = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "--latency", url],
        capture_output=True, text=True, check=True, timeout=duration + 30,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"Unexpected wrk output for {url}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "tool": "wrk",
    }


def run_python_load(url, duration, connections):
    """A small bounded load generator for machines without wrk (keep-alive, one thread per
    connection). Python's own overhead makes its figures lower than wrk's: compare ratios."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + duration
    latencies, failures, lock = [], [0], threading.Lock()

    def worker():
        connection = HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except OSError:
                bad += 1
                connection.close()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / duration,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "non_2xx": failures[0],
        "socket_errors": "",
        "tool": "python",
    }


def warm_workers(url):
    """Requests in parallel until every worker has answered: a worker imports the site and
    reads its catalogues and static manifest on its first request (seconds, not milliseconds),
    which is start-up, not serving."""

    def hit():
        for _ in range(5):
            check_status(url)

    threads = [threading.Thread(target=hit) for _ in range(WORKERS * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def group_cpu_seconds(group):
    """User and system CPU time of every process in the process group `group` so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The fields after the command's name, which is in parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(url, args, wrk):
    """Requests per second, latencies and the server's CPU time per request (its workers'
    own, which other work on the machine does not add to: comparable on a busy machine)."""
    status = check_status(url)
    if status != 200:
        return {"url": url, "status": status}
    warm_workers(url)
    parts = urlsplit(url)
    group = GROUPS[f"{parts.scheme}://{parts.netloc}"]
    if wrk:
        run_wrk(wrk, url, args.warmup, args.connections, args.threads)
        cpu = group_cpu_seconds(group)
        figures = run_wrk(wrk, url, args.duration, args.connections, args.threads)
    else:
        run_python_load(url, args.warmup, args.connections)
        cpu = group_cpu_seconds(group)
        figures = run_python_load(url, args.duration, args.connections)
    cpu = group_cpu_seconds(group) - cpu
    figures["cpu_us"] = cpu / (figures["rps"] * args.duration) * 1e6
    return {"url": url, "status": status, **figures}


def check_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# --- Data -------------------------------------------------------------------------------------


def recreate_database(database_url):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare_django(env):
    os.environ.update(env)
    # This process only sets up and fills the database: generating 100,000 releases writes
    # batches that may outlast the site's per-request statement timeout on a busy machine.
    os.environ["DJANGO_DB_STATEMENT_TIMEOUT"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(size, seed, generate_up_to=None):
    """Top the newsroom up to `size` generated releases (beyond `generate_up_to`, copies of
    them: benchmarks/copies.py); return generation figures."""
    from django.core.management import call_command
    from django.db import connection

    from newsroom.models import NewsRelease

    if generate_up_to is not None and size > generate_up_to:
        from benchmarks import copies

        fill(generate_up_to, seed)
        figures = copies.grow(connection, size)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        figures["vacuum_seconds"] = round(time.monotonic() - started, 1)
        return figures
    missing = size - NewsRelease.objects.count()
    figures = {"added": max(missing, 0), "seconds": 0.0}
    if missing > 0:
        started = time.monotonic()
        with open(os.devnull, "w") as quiet:
            call_command("generate_demo_releases", count=missing, seed=seed + size, stdout=quiet)
        figures["seconds"] = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        # The planner should see the table as it now is, as it would after autovacuum.
        cursor.execute("VACUUM ANALYZE")
    return figures


def pages():
    """The URLs to measure, resolved from the data: a theme with releases, a middle release."""
    from django.urls import reverse
    from django.utils import translation

    from newsroom.models import NewsRelease, Theme

    with translation.override("en"):
        public = NewsRelease.objects.published().order_by("-published_at")
        middle = public[public.count() // 2]
        theme = Theme.objects.filter(releases__isnull=False).order_by("order").first()
        list_url = reverse("newsroom:list")
        try:
            feed_url = reverse("newsroom:feed_rss")
        except Exception:  # the feeds may not have landed on this checkout
            feed_url = None
        return {
            "list": list_url,
            "filtered list": f"{list_url}?theme={theme.slug}",
            "detail": middle.get_absolute_url(),
            "search": f"{list_url}?q=migration",
            "feed": feed_url,
        }


def query_counts(urls):
    """SQL queries per page, through Django's test client in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for name, url in urls.items():
        if url is None:
            continue
        client.get(url)
        # Rendered, not served from the page cache: the queries a page costs when it runs.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    return counts


# --- Machine and report -----------------------------------------------------------------------


def machine(database_url):
    import django
    import psycopg

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    meminfo = Path("/proc/meminfo").read_text()
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    with psycopg.connect(database_url) as connection:
        pg = connection.execute("SHOW server_version").fetchone()[0]
    gunicorn = subprocess.run([str(VENV_BIN / "gunicorn"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "gunicorn": gunicorn,
        "workers": WORKERS,
    }


def markdown(report):
    lines = []
    sizes = report["sizes"]
    for block in sizes:
        lines += [
            f"### {block['releases']:,} releases",
            "",
            f"Load average (1 min) before / after: {block['load_average_before']:.1f} / "
            f"{block['load_average_after']:.1f}; generated {block['generation']['added']:,} "
            f"releases in {block['generation']['seconds']} s.",
            "",
            f"hello-world (measured before each page): {block['hello_rps_mean']:,.0f} req/s "
            f"on average; anonymous page cache {'on' if report['page_cache'] else 'off'}"
            f"{'; every cache off' if report.get('cold') else ''}; cache "
            f"{'Redis' if report.get('redis') else 'each worker own memory'}",
            "",
            "| page | URL | queries | req/s | hello-world req/s | ratio | CPU ratio | "
            "server CPU µs/request | p50 ms | p99 ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, page in block["pages"].items():
            if "rps" not in page:
                status = page.get("status", "n/a")
                lines.append(
                    f"| {name} | {page.get('url') or 'n/a'} | | n/a ({status}) | | | | | | |"
                )
                continue
            lines.append(
                f"| {name} | `{urlsplit(page['url']).path}"
                f"{'?' + urlsplit(page['url']).query if urlsplit(page['url']).query else ''}` "
                f"| {block['queries'].get(name, '')} | {page['rps']:,.0f} "
                f"| {page['hello_rps']:,.0f} | {page['rps'] / page['hello_rps']:.2f}× "
                f"| {page['hello_cpu_us'] / page['cpu_us']:.2f}× | {page['cpu_us']:,.0f} "
                f"| {page['p50_ms']:.1f} | {page['p99_ms']:.1f} |"
            )
        lines.append("")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        lines += [
            f"### {last['releases']:,} against {first['releases']:,} releases (req/s)",
            "",
            "| page | change in req/s | change in ratio to hello-world |",
            "|---|---:|---:|",
        ]
        for name, page in last["pages"].items():
            before = first["pages"].get(name, {})
            if "rps" in page and "rps" in before:
                ratio = (page["rps"] / page["hello_rps"]) / (before["rps"] / before["hello_rps"])
                lines.append(
                    f"| {name} | {page['rps'] / before['rps'] - 1:+.0%} | {ratio - 1:+.0%} |"
                )
        lines.append("")
    return "\n".join(lines)


def production_env(database_url, work, redis_url=None):
    """The environment the site is served with: production's, on this machine's services."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iom_site.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "False",
        "DJANGO_HTTPS": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def set_up_site(env, database_url, reuse_db=False):
    """(Re)create the database, migrate, collect static files, load the organisation's demo
    content; Django is then set up in this process on that database."""
    if not reuse_db:
        recreate_database(database_url)
    prepare_django(env)
    from django.core.management import call_command, get_commands

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if "load_demo_content" in get_commands():
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="iom-bench-"))
    env = production_env(args.database_url, work, args.redis_url)
    if args.no_page_cache or args.cold:
        env["DJANGO_PAGE_CACHE"] = "False"
    if args.cold:
        env["DJANGO_CONTENT_CACHE_SECONDS"] = "0"
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    set_up_site(env, args.database_url, args.reuse_db)

    wrk = ensure_wrk()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(args.database_url),
        "load": {"tool": "wrk" if wrk else "python", "connections": args.connections,
                 "threads": args.threads, "duration_s": args.duration},
        "page_cache": not (args.no_page_cache or args.cold),
        "cold": args.cold,
        "redis": bool(args.redis_url),
        "sizes": [],
    }
    try:
        for size in sorted(args.sizes):
            generation = fill(size, args.seed, args.generate_up_to)
            print(f"{size:,} releases ready (+{generation['added']:,} in "
                  f"{generation['seconds']} s"
                  + (f", indexes {generation['indexing_seconds']} s"
                     if "indexing_seconds" in generation else "") + ")", flush=True)
            urls = pages()
            block = {"releases": size, "generation": generation, "queries": query_counts(urls),
                     "pages": {}, "load_average_before": os.getloadavg()[0]}
            # Hello-world is measured again right before each page and each ratio uses that
            # figure: load from elsewhere on the machine drifts, and so would the ratios.
            with gunicorn("benchmarks.hello:application", env, work) as hello_base, \
                    gunicorn("iom_site.wsgi:application", env, work) as base:
                for name, path in urls.items():
                    if not path:
                        block["pages"][name] = {"url": None}
                        continue
                    hello = measure(hello_base + "/", args, wrk)
                    page = measure(base + path, args, wrk)
                    page["hello_rps"] = hello["rps"]
                    page["hello_cpu_us"] = hello["cpu_us"]
                    block["pages"][name] = page
                    print(f"  {name}: {page.get('rps', 0):,.0f} req/s ({page['status']}), "
                          f"hello-world {hello['rps']:,.0f}", flush=True)
            hellos = [page["hello_rps"] for page in block["pages"].values() if "hello_rps" in page]
            block["hello_rps_mean"] = sum(hellos) / len(hellos)
            # Other work on the machine lowers every figure: the run says how busy it was.
            block["load_average_after"] = os.getloadavg()[0]
            report["sizes"].append(block)
    finally:
        stop_all()

    write_results("", report, markdown(report), f"logs in {work}")


def write_results(prefix, report, table, where):
    """Write `report` (JSON) and its Markdown `table` under benchmarks/results/, named by
    `prefix` and the UTC time, and print the table; `where` says where the logs are."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = prefix + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # JSON object keys are strings: numeric keys (worker ids) become strings there.
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(table + "\n")
    print(table)
    print(f"Written: benchmarks/results/{name}.json and .md ({where})")


if __name__ == "__main__":
    # A plain `kill` of this script still runs the clean-up of what it started.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    try:
        main()
    except KeyboardInterrupt:
        stop_all()
        sys.exit(130)
