"""The lowest CPU time per request over several rounds, in one process, for each page: steadier
than cpu.py's mean on a busy machine (a round disturbed by other work is not the lowest).

    .venv/bin/python benchmarks/rounds.py --mode cold --rounds 7 --requests 10

Uses the database and pages of cpu.py (the same environment, the same URLs; add `--url` for
others). Run it from the checkout to measure: it imports the site from the current directory.
"""

import argparse
import io
import json
import os
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
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


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
        path_only, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path_only, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
        }
        statuses = []

        def call():
            body = application({**environ, "wsgi.input": io.BytesIO()},
                               lambda status, headers, info=None: statuses.append(status))
            b"".join(body)
            body.close()

        call()
        call()
        assert statuses[0].startswith("200"), (path, statuses[0])
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.requests):
                call()
            rounds.append((time.process_time() - started) / args.requests * 1e6)
        figures[name] = {"path": path, "best": min(rounds), "median": sorted(rounds)[len(rounds) // 2]}
    print(json.dumps(figures))


def main():
    args = parse_args()
    if args.child:
        measure(args)
        return
    env = run.production_env(args.database_url, Path(tempfile.mkdtemp(prefix="iom-rounds-")))
    env.update(cpu.MODES[args.mode])
    os.execve(sys.executable, [sys.executable, __file__, "--child", *sys.argv[1:]], env)


if __name__ == "__main__":
    main()
