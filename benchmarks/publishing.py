"""Traffic while editors publish: the public URL mix, quiet, then while one release is saved
every second.

    .venv/bin/python benchmarks/publishing.py                 # 2,000 releases, 30 s a phase
    .venv/bin/python benchmarks/publishing.py --duration 60 --releases 20000

It fills a database of its own (`h_tags_publishing`, dropped at the end) with
`generate_demo_releases`, serves the site with gunicorn as in production (benchmarks/run.py's
machinery, 2 sync workers) with its cache in a Redis database of its own (db 7, emptied at
the start), puts Debian's varnishd with deploy/varnish/iom_site.vcl in front (when installed)
and tells the site to purge it. Then, over the soak's mix of public URLs (benchmarks/soak.py:
home, lists with filters and pages, releases in every language, searches, feeds, sitemaps...):
1. bare hello-world under the same gunicorn (the reference);
2. the mix, quiet (wrk, loaded against the app itself);
3. the same mix while benchmarks/editor.py (a separate process) saves one of the releases the
   mix shows every second through the ORM and measures how long each new title takes to show
   on its page through the app and through Varnish.
It writes JSON and a Markdown table under benchmarks/results/ (publishing-<time>.*).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run, soak  # noqa: E402  (the script is run by path, not as a module)

VARNISHD = Path("/usr/sbin/varnishd")
VCL = run.ROOT / "deploy" / "varnish" / "iom_site.vcl"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="Seconds of each phase.")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/h_tags_publishing")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--seed", type=int, default=2017)
    return parser.parse_args()


def start_varnish(work, port, backend_port):
    """varnishd on `port` with the project's VCL in front of `backend_port`; its base URL."""
    if not VARNISHD.exists():
        return None
    vcl = work / "iom_site.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    command = [str(VARNISHD), "-F", "-n", str(work / "varnish"), "-a", f"127.0.0.1:{port}",
               "-f", str(vcl), "-s", "malloc,256m", "-T", "none"]
    if os.geteuid() == 0:
        command += ["-j", "none"]
    log = open(work / "varnishd.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    run.STARTED.append(process)
    return f"http://127.0.0.1:{port}"


def shown_releases(paths):
    """Primary keys of the releases whose pages are in the mix, newest first."""
    from newsroom.models import NewsRelease

    public = NewsRelease.objects.published().order_by("-published_at", "-pk")
    newest = list(public.values_list("pk", flat=True)[:10])
    slugs = {path.rstrip("/").rsplit("/", 1)[-1] for path in paths}
    in_mix = list(public.filter(slug__in=slugs).values_list("pk", flat=True)[:30])
    return list(dict.fromkeys(newest + in_mix))


def summary(figures):
    return {k: round(v, 2) if isinstance(v, float) else v
            for k, v in figures.items() if k != "wrk_output"}


def markdown(report):
    quiet, busy = report["quiet"], report["saving"]
    hello = report["hello_rps"]
    saves = report["saves"]
    app = [s["app_s"] for s in saves]
    front = [s.get("front_s") for s in saves if "front_s" in s]

    def worst(values):
        if not values:
            return "—"
        if None in values:
            return f"not shown within 10 s ({values.count(None)} of {len(values)})"
        return f"{max(values) * 1000:.0f} ms (median {sorted(values)[len(values) // 2] * 1000:.0f})"

    lines = [
        f"Traffic while editors publish: {report['urls']} public URLs, {report['releases']:,} "
        f"releases, PostgreSQL + Redis, gunicorn {run.WORKERS} sync workers, wrk "
        f"-c{report['connections']}, {report['duration_s']} s a phase; load average "
        f"{report['load_before']:.1f} before, {report['load_after']:.1f} after.",
        "",
        "| phase | req/s | × hello | × quiet | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| bare hello-world | {hello:,.0f} | 1.00 | | | | |",
    ]
    for name, figures in (("quiet", quiet), ("one save a second", busy)):
        errors = figures["non_2xx_3xx"] + sum(figures["socket_errors"].values())
        lines.append(
            f"| {name} | {figures['rps']:,.0f} | {figures['rps'] / hello:.2f} | "
            f"{figures['rps'] / quiet['rps']:.2f} | {figures['p50_ms']:.1f} | "
            f"{figures['p99_ms']:.1f} | {errors} |"
        )
    lines += [
        "",
        f"{len(saves)} saves; new title on its page through the app: worst {worst(app)}; "
        f"through Varnish: worst {worst(front)}.",
    ]
    return "\n".join(lines)


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="iom-publishing-"))
    env = soak.run.production_env(args.database_url, work, redis_url=args.redis_url)
    soak.flush_redis(args.redis_url)
    wrk = run.ensure_wrk()
    if not wrk:
        raise SystemExit("This benchmark needs wrk (Debian package `wrk`).")
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=run.ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "releases": args.releases, "connections": args.connections,
        "duration_s": args.duration,
    }
    varnish_port = run.free_port()
    # The site and the editor purge the Varnish started below (its address is chosen now);
    # this process fills the database before it runs, with no statement time limit.
    site_env = {**env, "DJANGO_FRONT_CACHES": f"http://127.0.0.1:{varnish_port}"}
    env["DJANGO_DB_STATEMENT_TIMEOUT"] = "0"
    try:
        run.set_up_site(env, args.database_url)
        report["machine"] = run.machine(args.database_url)
        generation = run.fill(args.releases, args.seed)
        print(f"{args.releases:,} releases ready (+{generation['added']:,})", flush=True)
        paths = soak.url_mix()
        with run.gunicorn("benchmarks.hello:application", site_env, work) as hello_base, \
                run.gunicorn("iom_site.wsgi:application", site_env, work) as base:
            front = start_varnish(work, varnish_port, int(base.rsplit(":", 1)[1]))
            run.warm_workers(base + "/en/")
            paths, excluded, _slowest = soak.split_by_status(base, paths)
            report["urls"], report["excluded"] = len(paths), excluded
            script = soak.lua_script(paths, work)
            pks = shown_releases(paths)
            report["load_before"] = os.getloadavg()[0]
            hello = run.run_wrk(wrk, hello_base + "/", args.duration, args.connections,
                                args.threads)
            report["hello_rps"] = hello["rps"]
            soak.run_wrk(wrk, base, script, args.warmup, args.connections, args.threads)
            quiet = soak.run_wrk(wrk, base, script, args.duration, args.connections, args.threads)
            report["quiet"] = summary(quiet)
            print(f"quiet: {quiet['rps']:,.0f} req/s; hello {hello['rps']:,.0f}", flush=True)
            editor = subprocess.Popen(
                [sys.executable, str(run.ROOT / "benchmarks" / "editor.py"), "--app", base,
                 "--pks", ",".join(map(str, pks)), "--seconds", str(args.duration)]
                + (["--front", front] if front else []),
                cwd=run.ROOT, env=site_env, stdout=subprocess.PIPE, text=True,
            )
            busy = soak.run_wrk(wrk, base, script, args.duration, args.connections, args.threads)
            output, _ = editor.communicate(timeout=120)
            report["saving"] = summary(busy)
            report["saves"] = [json.loads(line) for line in output.splitlines() if line]
            report["load_after"] = os.getloadavg()[0]
            print(f"saving: {busy['rps']:,.0f} req/s, {len(report['saves'])} saves", flush=True)
    finally:
        run.stop_all()
        from django.db import connections

        connections.close_all()
        soak.drop_database(args.database_url)

    run.write_results("publishing-", report, markdown(report), f"logs in {work}")


if __name__ == "__main__":
    run.signal.signal(run.signal.SIGTERM, lambda *_args: sys.exit(143))
    try:
        main()
    except KeyboardInterrupt:
        run.stop_all()
        sys.exit(130)
