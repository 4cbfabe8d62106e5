"""CPU time per request of each page, beside hello-world, in one run: a measure other work on
the machine disturbs little (run.py's requests per second fall with every other process on
the same cores; this counts only the CPU each request itself takes).

    .venv/bin/python benchmarks/cpu.py --database-url postgres://postgres@127.0.0.1:5432/iom_bench
    .venv/bin/python benchmarks/cpu.py --mode cold       # every cache off
    .venv/bin/python benchmarks/cpu.py --redis-url redis://127.0.0.1:6379/5
    .venv/bin/python benchmarks/cpu.py --redis-url redis://127.0.0.1:9/0   # Redis away

Uses a database run.py filled (run.py --sizes N --reuse-db), unchanged. Each application
(the site, `benchmarks/hello.py`) runs in a process of its own, single-threaded, behind
Django's WSGI handler as gunicorn calls it (no HTTP, no server): each page is asked once, then
`--requests` times, and the process CPU time is divided by the number of requests. The
database server's own CPU time is not counted (a page-cache hit runs no query). The ratio is
hello-world's CPU per request divided by the page's: what the page's throughput would be,
against hello-world's, if the server's CPU were the only limit.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run  # noqa: E402

MODES = {
    "hits": {},  # anonymous pages from the page cache, as in production
    "rendered": {"DJANGO_PAGE_CACHE": "False"},  # from cached parts: editors, cache misses
    "cold": {"DJANGO_PAGE_CACHE": "False", "DJANGO_CONTENT_CACHE_SECONDS": "0"},
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/iom_bench")
    parser.add_argument("--mode", choices=MODES, nargs="+", default=list(MODES))
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--requests", type=int, default=0,
                        help="Requests per page (default: 2,000 for hits, 200 rendered, 50 cold).")
    parser.add_argument("--measure", nargs=2, metavar=("APP", "URLS_JSON"),
                        help=argparse.SUPPRESS)  # the child process's part
    return parser.parse_args()


def wsgi_caller(application, path):
    """(call, statuses): `call()` asks `application` for `path` once, as a WSGI server would,
    and reads the whole answer; each answer's status line is appended to `statuses`."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
    }
    statuses = []

    def call():
        body = application({**environ, "wsgi.input": io.BytesIO()},
                           lambda status, headers, info=None: statuses.append(status))
        b"".join(body)
        body.close()

    return call, statuses


def cpu_per_request(application, path, requests):
    """µs of this process's CPU per request of `path` (asked once before, not counted)."""
    call, statuses = wsgi_caller(application, path)
    call()
    if not statuses[0].startswith("200"):
        return None
    started = time.process_time()
    for _ in range(requests):
        call()
    return (time.process_time() - started) / requests * 1e6


def child(app, urls):
    if app == "hello":
        from benchmarks.hello import application
    else:
        import django
        from django.core.handlers.wsgi import WSGIHandler

        django.setup()
        application = WSGIHandler()
    figures = {name: cpu_per_request(application, path, requests)
               for name, (path, requests) in urls.items()}
    print(json.dumps(figures))


def measure(app, urls, env):
    finished = subprocess.run(
        [sys.executable, __file__, "--measure", app, json.dumps(urls)],
        env=env, cwd=run.ROOT, capture_output=True, text=True,
    )
    if finished.returncode:
        sys.exit(finished.stderr)  # the child's traceback, rather than only its exit status
    return json.loads(finished.stdout.splitlines()[-1])


def main():
    args = parse_args()
    if args.measure:
        child(args.measure[0], json.loads(args.measure[1]))
        return
    work = Path(tempfile.mkdtemp(prefix="iom-cpu-"))
    env = run.production_env(args.database_url, work, args.redis_url)
    run.prepare_django(env)
    urls = {name: path for name, path in run.pages().items() if path}
    default_requests = {"hits": 2000, "rendered": 200, "cold": 50}
    lines = [
        f"CPU per request, {Path(args.database_url).name}, cache "
        f"{'Redis' if args.redis_url else 'each process own memory'}, load average "
        f"{os.getloadavg()[0]:.1f}",
        "",
        "| mode | page | URL | hello-world µs | page µs | ratio |",
        "|---|---|---|---:|---:|---:|",
    ]
    report = {"database": args.database_url, "redis": bool(args.redis_url), "modes": {}}
    for mode in args.mode:
        requests = args.requests or default_requests[mode]
        if args.redis_url:
            import redis

            try:
                redis.Redis.from_url(args.redis_url).flushdb()
            except redis.ConnectionError:
                pass  # measuring with Redis away: each process's memory stands in
        site = measure("site", {name: (path, requests) for name, path in urls.items()},
                       {**env, **MODES[mode]})
        # hello-world right after, the same number of times, in the same conditions.
        hello = measure("hello", {"hello": ("/", max(requests, 2000))}, env)["hello"]
        report["modes"][mode] = {"hello_us": hello, "pages": site, "urls": urls}
        for name, micros in site.items():
            ratio = f"{hello / micros:.3f}×" if micros else "n/a"
            shown = f"{micros:,.0f}" if micros else "n/a"
            lines.append(f"| {mode} | {name} | `{urls[name]}` | {hello:,.0f} | {shown} | {ratio} |")
    report["load_average_after"] = os.getloadavg()[0]
    run.write_results("cpu-", report, "\n".join(lines), f"load average after "
                      f"{report['load_average_after']:.1f}")


if __name__ == "__main__":
    main()
