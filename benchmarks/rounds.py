"""The lowest CPU time per request over several rounds, in one process, for each page: steadier
than cpu.py's mean on a busy machine (a round disturbed by other work is not the lowest).

    .venv/bin/python benchmarks/rounds.py --mode cold --rounds 7 --requests 10 --label main

Uses the database and pages of cpu.py (the same environment, the same URLs; `--url` for
others). Run it from the checkout to measure: it imports the site from the current directory,
so two checkouts (a branch and main) can be measured one after the other, alternately, on the
same database. Writes benchmarks/results/rounds-<label>-<UTC time>.json and .md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

from benchmarks import cpu, run  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/iom_bench")
    parser.add_argument("--mode", choices=cpu.MODES, default="cold")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--url", action="append", default=[], help="NAME=PATH, instead of cpu.py's")
    parser.add_argument("--label", default="branch", help="names the result files")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _rounds(application, path, rounds, requests):
    """CPU µs per request of `path` in each of `rounds` rounds of `requests` (after two)."""
    call, statuses = cpu.wsgi_caller(application, path)
    call()
    call()
    assert statuses[0].startswith("200"), (path, statuses[0])
    figures = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            call()
        figures.append((time.process_time() - started) / requests * 1e6)
    return figures


def measure(args):
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    application = WSGIHandler()
    urls = dict(item.split("=", 1) for item in args.url) or {
        name: path for name, path in run.pages().items() if path and name != "feed"
    }
    figures = {}
    for name, path in urls.items():
        rounds = _rounds(application, path, args.rounds, args.requests)
        median = sorted(rounds)[len(rounds) // 2]
        figures[name] = {"path": path, "best": min(rounds), "median": median}
    print(json.dumps(figures))


def main():
    args = parse_args()
    if args.child:
        measure(args)
        return
    env = run.production_env(args.database_url, Path(tempfile.mkdtemp(prefix="iom-rounds-")))
    env.update(cpu.MODES[args.mode])
    load_before = os.getloadavg()[0]
    finished = subprocess.run(
        [sys.executable, __file__, "--child", *sys.argv[1:]],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )
    if finished.returncode:
        sys.exit(finished.stderr)
    figures = json.loads(finished.stdout.splitlines()[-1])
    report = {
        "checkout": str(ROOT), "mode": args.mode, "rounds": args.rounds,
        "requests": args.requests, "database": args.database_url,
        "load_average": [load_before, os.getloadavg()[0]], "pages": figures,
    }
    lines = [
        f"Lowest and median CPU µs per request of {args.rounds} rounds of {args.requests}, "
        f"mode {args.mode}, {ROOT.name}, load average {load_before:.1f} → "
        f"{os.getloadavg()[0]:.1f}",
        "",
        "| page | URL | best µs | median µs |",
        "|---|---|---:|---:|",
        *(f"| {name} | `{page['path']}` | {page['best']:,.0f} | {page['median']:,.0f} |"
          for name, page in figures.items()),
    ]
    run.write_results(f"rounds-{args.label}-", report, "\n".join(lines), "no logs")


if __name__ == "__main__":
    main()
