"""Soak the public site: many connections for a long time over a mix of public URLs.

    .venv/bin/python benchmarks/soak.py                  # 64 connections, 10 minutes
    .venv/bin/python benchmarks/soak.py --duration 20    # a quick smoke run

It fills a database of its own (`iom_soak`, dropped at the end) with `generate_demo_releases`,
serves the site with gunicorn as in production (benchmarks/run.py's machinery: the project's
gunicorn.conf.py, DEBUG off, 2 sync workers) with its cache in a Redis database of its own
(db 5 of the local Redis, emptied at the start), builds a mix of several hundred public URLs
from the data (home, lists with filters and pages, releases in every language, pages, people,
units, feeds, sitemap sections, media contacts, vCards, searches), and loads them in turn with
wrk. It records every error, the latency, and each gunicorn worker's memory after the warm-up,
during the run and at its end, under benchmarks/results/ (JSON and a Markdown table).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run  # noqa: E402  (the script is run by path, not as a module)

LANGUAGES = ("en", "fr", "es")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=600, help="Seconds of measured load.")
    parser.add_argument("--warmup", type=int, default=180,
                        help="Seconds of unmeasured load over the same mix before it.")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/iom_soak",
                        help="Its own database: dropped and recreated, then dropped at the end.")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5",
                        help="Its own Redis database: emptied at the start.")
    parser.add_argument("--sample-every", type=int, default=30,
                        help="Seconds between memory and load samples during the run.")
    parser.add_argument("--exclude", metavar="REGEX",
                        help="Leave the paths matching this out of the mix, e.g. to see the "
                             "rest without one costly page.")
    parser.add_argument("--seed", type=int, default=2017)
    return parser.parse_args()


# --- The URL mix ------------------------------------------------------------------------------


def url_mix():
    """Public paths taken from the data, in every language where the page exists in it."""
    from django.urls import reverse
    from django.utils import translation

    from iom_site.sitemaps import SITEMAPS
    from newsroom.facets import public_facets
    from newsroom.models import NewsRelease, PressContact
    from organisation.models import Page, Person, Unit

    paths = ["/robots.txt", "/sitemap.xml"]
    paths += [reverse("sitemap_section", kwargs={"section": section}) for section in SITEMAPS]
    public = NewsRelease.objects.published().order_by("-published_at")
    total = public.count()
    # Spread over the archive: recent ones (most read) and old ones (cold in every cache).
    step = max(total // 60, 1)
    releases = list(public[::step][:60])
    words = [w for r in releases[:40:2] for w in re.findall(r"[A-Za-z]{6,}", r.title)[:1]]
    for language in LANGUAGES:
        with translation.override(language):
            facets = public_facets()
            news = reverse("newsroom:list")
            paths += [reverse("home"), news, reverse("newsroom:media_contacts"),
                      reverse("organisation:structure"), reverse("organisation:where_we_work")]
            paths += [f"{news}?page={n}" for n in (2, 3, 5, 10, 25, 50)]
            paths += [f"{news}?{urlencode({'theme': slug})}" for slug, _name in facets.themes]
            paths += [f"{news}?{urlencode({'theme': slug, 'page': 2})}"
                      for slug, _name in facets.themes[:3]]
            paths += [f"{news}?{urlencode({'kind': kind})}" for kind in sorted(facets.kinds)]
            paths += [f"{news}?{urlencode({'country': code})}"
                      for code, _name in facets.countries[:4]]
            first_year = facets.first_published.year if facets.first_published else None
            if first_year:
                paths.append(f"{news}?year={first_year}")
            paths += [reverse("newsroom:feed_rss"), reverse("newsroom:feed_atom")]
            paths += [reverse("newsroom:theme_feed_rss", kwargs={"slug": slug})
                      for slug, _name in facets.themes[:3]]
            paths += [reverse("newsroom:kind_feed_atom", kwargs={"kind": kind})
                      for kind in sorted(facets.kinds)[:2]]
            paths += [reverse("newsroom:country_feed_rss", kwargs={"code": code})
                      for code, _name in facets.countries[:2]]
            paths += [release.get_absolute_url() for release in releases]
            paths += [f"{news}?{urlencode({'q': word})}" for word in words[:8]]
            paths += [page.get_absolute_url() for page in Page.objects.published()]
            paths += [unit.get_absolute_url() for unit in Unit.objects.all()[:10]]
            paths += [person.get_absolute_url() for person in Person.objects.all()[:10]]
            paths += [contact.get_vcard_url() for contact in PressContact.objects.all()[:5]]
    # Paths are sent as they are: keep them ASCII, as a browser would send them.
    paths = [quote(path, safe="/?=&%:;,+-_.~") for path in paths]
    return list(dict.fromkeys(paths))


def split_by_status(base, paths):
    """The paths that answer 2xx or 3xx, the others with their status (not in the mix), and
    the slowest paths of this first, cold fetch (empty caches) with their times in ms."""
    import http.client

    good, bad, times = [], {}, {}
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for path in paths:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        times[path] = round((time.perf_counter() - started) * 1000, 1)
        if response.status < 400:
            good.append(path)
        else:
            bad[path] = response.status
    connection.close()
    slowest = dict(sorted(times.items(), key=lambda item: -item[1])[:8])
    return good, bad, slowest


# --- Load -------------------------------------------------------------------------------------

LUA = """
-- Each wrk thread walks the whole list in turn, starting at its own offset.
local paths = {%s}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = (id * 97) %% #paths
end

function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  io.write(string.format(
    "SOAK {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"connect\\": %%d, \\"read\\": %%d, " ..
    "\\"write\\": %%d, \\"status\\": %%d, \\"timeout\\": %%d, \\"p50_us\\": %%d, " ..
    "\\"p90_us\\": %%d, \\"p99_us\\": %%d, \\"max_us\\": %%d}\\n",
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_script(paths, directory):
    items = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script = directory / "soak.lua"
    script.write_text(LUA % items)
    return script


def run_wrk(wrk, base, script, duration, connections, threads):
    completed = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "--latency", "-s", str(script), base],
        capture_output=True, text=True, timeout=duration + 60,
    )
    found = re.search(r"^SOAK (\{.*\})$", completed.stdout, re.MULTILINE)
    if completed.returncode or not found:
        raise RuntimeError(f"wrk failed:\n{completed.stdout}\n{completed.stderr}")
    figures = json.loads(found.group(1))
    seconds = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "seconds": round(seconds, 1),
        "rps": figures["requests"] / seconds,
        "non_2xx_3xx": figures["status"],
        "socket_errors": {k: figures[k] for k in ("connect", "read", "write", "timeout")},
        "p50_ms": figures["p50_us"] / 1000,
        "p90_ms": figures["p90_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "wrk_output": completed.stdout,
    }


# --- Workers' memory and the machine's load ---------------------------------------------------


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_kb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1))


def memory(master_pid):
    return {pid: rss_kb(pid) for pid in worker_pids(master_pid)}


class Sampler(threading.Thread):
    """Every worker's RSS and the load average, every few seconds while the load runs."""

    def __init__(self, master_pid, every):
        super().__init__(daemon=True)
        self.master_pid, self.every = master_pid, every
        self.samples, self.stopped = [], threading.Event()
        self.started_at = time.monotonic()

    def run(self):
        while not self.stopped.wait(self.every):
            self.samples.append({
                "t_s": round(time.monotonic() - self.started_at),
                "load_1m": os.getloadavg()[0],
                "rss_kb": memory(self.master_pid),
            })


def flush_redis(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


def drop_database(database_url):
    import psycopg

    parts = urlsplit(database_url)
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def server_side(access_log):
    """What gunicorn itself saw over the whole run (checks and warm-up included): answers by
    status class and the time spent in the application, which excludes the wait in the queue
    of connections that wrk's latency includes."""
    statuses, times = {}, []
    for line in access_log.read_text().splitlines():
        status, _request, micros = line[:3], line[4:].rsplit(" ", 1)[0], line.rsplit(" ", 1)[1]
        statuses[status[0] + "xx"] = statuses.get(status[0] + "xx", 0) + 1
        times.append(int(micros))
    times.sort()
    return {
        "answers": statuses,
        "p50_ms": times[len(times) // 2] / 1000,
        "p99_ms": times[int(len(times) * 0.99)] / 1000,
        "max_ms": times[-1] / 1000,
    }


# --- Report -----------------------------------------------------------------------------------


def markdown(report):
    soak, start, end = report["soak"], report["rss_start_kb"], report["rss_end_kb"]
    errors = soak["non_2xx_3xx"] + sum(soak["socket_errors"].values())
    loads = report["load_average"]
    lines = [
        f"{report['load']['connections']} connections, {soak['seconds']:.0f} s, "
        f"{report['urls']} distinct URLs, {report['releases']:,} releases, "
        f"{run.WORKERS} sync workers, Redis page cache; load average (1 min) before / during "
        f"(max) / after: {loads['before']:.1f} / {loads['during_max']:.1f} / "
        f"{loads['after']:.1f}",
        "",
        "| requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {soak['requests']:,} | {errors} | {soak['rps']:,.0f} | {soak['p50_ms']:.1f} "
        f"| {soak['p90_ms']:.1f} | {soak['p99_ms']:.1f} | {soak['max_ms']:.1f} |",
        "",
        "| worker | RSS after warm-up (MB) | RSS at end (MB) | change |",
        "|---|---:|---:|---:|",
    ]
    server = report["server"]
    lines[-2:-2] = [
        f"Seen by gunicorn (whole run): answers {server['answers']}; time in the application "
        f"p50 / p99 / max {server['p50_ms']:.1f} / {server['p99_ms']:.1f} / "
        f"{server['max_ms']:.1f} ms.",
        "",
    ]
    for pid, before in start.items():
        after = end.get(pid)
        if after is None:
            lines.append(f"| {pid} | {before / 1024:.1f} | (replaced) | |")
            continue
        lines.append(f"| {pid} | {before / 1024:.1f} | {after / 1024:.1f} "
                     f"| {after / before - 1:+.1%} |")
    lines.append("")
    return "\n".join(lines)


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="iom-soak-"))
    env = run.production_env(args.database_url, work, redis_url=args.redis_url)
    redis_client = flush_redis(args.redis_url)
    run.set_up_site(env, args.database_url)
    wrk = run.ensure_wrk()
    if not wrk:
        raise SystemExit("The soak needs wrk (Debian package `wrk`).")
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=run.ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "machine": run.machine(args.database_url),
        "load": {"tool": "wrk", "connections": args.connections, "threads": args.threads,
                 "duration_s": args.duration, "warmup_s": args.warmup,
                 "excluded_pattern": args.exclude},
        "releases": args.releases,
    }
    try:
        generation = run.fill(args.releases, args.seed)
        print(f"{args.releases:,} releases ready (+{generation['added']:,} in "
              f"{generation['seconds']} s)", flush=True)
        paths = url_mix()
        if args.exclude:
            paths = [path for path in paths if not re.search(args.exclude, path)]
        access_log = work / "access.log"
        with run.gunicorn("iom_site.wsgi:application", env, work, access_log) as base:
            # run.gunicorn() registers the master it starts last in run.STARTED.
            master = run.STARTED[-1].pid
            run.warm_workers(base + "/en/")
            paths, excluded, slowest = split_by_status(base, paths)
            report["urls"], report["excluded"] = len(paths), excluded
            report["slowest_cold_ms"] = slowest
            print(f"Slowest on the first (cold) fetch, ms: {slowest}", flush=True)
            print(f"{len(paths)} URLs in the mix; left out (status): {excluded or 'none'}",
                  flush=True)
            script = lua_script(paths, work)
            (work / "urls.txt").write_text("\n".join(paths) + "\n")
            warmup = run_wrk(wrk, base, script, args.warmup, args.connections, args.threads)
            report["warmup"] = {k: v for k, v in warmup.items() if k != "wrk_output"}
            report["rss_start_kb"] = memory(master)
            load_before = os.getloadavg()[0]
            sampler = Sampler(master, args.sample_every)
            sampler.start()
            print(f"Soak: {args.connections} connections for {args.duration} s "
                  f"(workers {report['rss_start_kb']})", flush=True)
            soak = run_wrk(wrk, base, script, args.duration, args.connections, args.threads)
            sampler.stopped.set()
            sampler.join()
            report["rss_end_kb"] = memory(master)
            load_after = os.getloadavg()[0]
            report["samples"] = sampler.samples
            report["soak"] = {k: v for k, v in soak.items() if k != "wrk_output"}
            report["wrk_output"] = soak["wrk_output"]
            report["load_average"] = {
                "before": load_before,
                "during_max": max([s["load_1m"] for s in sampler.samples] or [load_after]),
                "after": load_after,
            }
            report["redis_keys"] = redis_client.dbsize()
            report["server"] = server_side(access_log)
    finally:
        run.stop_all()
        from django.db import connections

        connections.close_all()
        drop_database(args.database_url)

    run.write_results("soak-", report, markdown(report), f"logs, URL list in {work}")


if __name__ == "__main__":
    # A plain `kill` of this script still runs the clean-up of what it started.
    run.signal.signal(run.signal.SIGTERM, lambda *_args: sys.exit(143))
    try:
        main()
    except KeyboardInterrupt:
        run.stop_all()
        sys.exit(130)
