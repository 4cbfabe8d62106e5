"""Browser tests: pytest-django's live server driven by Playwright in the machine's Chromium.

pytest-playwright's fixtures: one Chromium per test session (per xdist worker), a fresh
context and page per test; this file sets the browser, its flags and the live server. Tests
using the `page` fixture are marked `browser`; when /usr/bin/chromium is missing they are
skipped with a clear reason, except in CI (`CI=true` or `REQUIRE_BROWSER=1`) where they fail.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

# Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
# from the test body ("You cannot call this from an async context"). They are not async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# As the machine notes say: no background traffic (the network is closed), nothing written in ~.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def browser_required():
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or browser_required():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: browser tests skipped (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _chromium_home():
    """A throw-away HOME and profile, so Chromium and Playwright write nothing in ~."""
    home = tempfile.mkdtemp(prefix="iom-browser-")
    yield Path(home)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _chromium_home):
    """pytest-playwright's one Chromium per session is the machine's, with our flags;
    Playwright gives it a temporary --user-data-dir."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found and CI requires the browser tests "
                    "(apt-get install chromium)", pytrace=False)
    home = str(_chromium_home)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "env": {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home},
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Every context (a fresh profile per test: cookies, storage) resolves relative URLs
    against the live server."""
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "Europe/Zurich",
    }


@pytest.fixture
def context(context):
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(page):
    """pytest-playwright's tab, failing the test if the site broke something in it: a
    Content-Security-Policy violation, an uncaught JavaScript error, or a sub-resource
    (script, style, image) that did not load."""
    problems = watch_for_problems(page)
    yield page
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def watch_for_problems(tab):
    problems = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    def on_response(response):
        if response.status >= 400 and not response.request.is_navigation_request():
            problems.append(f"HTTP {response.status} for {response.url}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on("response", on_response)
    return problems


def pytest_runtest_setup(item):
    if "page" in getattr(item, "fixturenames", ()) and "browser" not in item.keywords:
        pytest.fail("Tests that use the browser must be marked @pytest.mark.browser",
                    pytrace=False)


def assert_no_axe_violations(page, context=None, options=None):
    """Run axe-core on the page (or on `context`, a selector or axe context object) and fail
    with a readable list of violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make install` (npm ci)", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Not page.add_script_tag(): the site's CSP rightly refuses inline scripts, and
        # bypassing the CSP would hide the violations the `page` fixture looks for.
        # Evaluation through the DevTools protocol is not subject to the page's CSP.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options || {})",
        [context, options],
    )
    violations = result["violations"]
    if violations:
        lines = [f"{len(violations)} axe-core violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"][:5]:
                lines.append(f"  at {json.dumps(node['target'])}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    summary = node["failureSummary"].replace("\n", "\n    ")
                    lines.append(f"    {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def url_in(language, name_or_object, **kwargs):
    """The path, in a language, of a named URL or of an object's page (paths and slugs are
    translated)."""
    with override(language):
        if isinstance(name_or_object, str):
            return reverse(name_or_object, kwargs=kwargs or None)
        return name_or_object.get_absolute_url()


def log_in_to_admin(page, username, password="correct horse battery staple"):
    """Log in through the admin's own login form (the factories' default password)."""
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
