"""Login throttling (django-axes) and the security headers every page carries."""

import pytest
from django.contrib.auth import get_user_model

from tests.html import element

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True
    )


def fail_logins(client, username, times):
    responses = []
    for _ in range(times):
        responses.append(
            client.post("/admin/login/", {"username": username, "password": "wrong"})
        )
    return responses


def test_failed_admin_logins_lock_out_with_a_clear_page(client, editor, settings):
    """After AXES_FAILURE_LIMIT failed logins the admin answers 429 with the lockout page."""
    responses = fail_logins(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    assert "registration/lockout.html" in [t.name for t in locked.templates]
    assert element(locked, "h1").text


def test_locked_out_account_refuses_the_right_password(client, editor, settings):
    """Once locked out, even the right password does not log in, and nothing answers 500."""
    fail_logins(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_editor_in(client, editor, settings):
    """Failures under the limit do not lock the account: the right password then works."""
    fail_logins(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_public_pages_send_a_content_security_policy(client):
    """Public pages carry a CSP that forbids inline scripts and framing."""
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/fr/actualites/", "/en/news/feed/rss/"])
def test_public_pages_allow_no_inline_style(client, url):
    """Public pages' CSP allows styles from the site only: no 'unsafe-inline'."""
    policy = client.get(url)["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_allows_inline_style_for_its_editor(admin_client):
    """Under /admin/ the CSP allows inline styles (the rich-text editor sets them)."""
    policy = admin_client.get("/admin/newsroom/newsrelease/add/")["Content-Security-Policy"]
    style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert "'unsafe-inline'" in style
    assert "unsafe-inline" not in policy.replace(style, "")


def directives(policy):
    return {part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_the_public_policy_follows_the_settings(client, settings):
    """The policy built once for public pages is the settings' one, and follows a change."""
    from csp.utils import build_policy

    assert directives(client.get("/en/")["Content-Security-Policy"]) == directives(build_policy())
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    response = client.get("/en/")
    assert "img-src 'self'" in directives(response["Content-Security-Policy"])
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"


def test_a_view_of_its_own_policy_or_nonce_still_gets_it(rf):
    """What django-csp's decorators and the nonce ask for is never replaced by the policy
    built once for plain public pages."""
    from csp.decorators import csp_exempt, csp_update
    from django.http import HttpResponse

    from core.content_security import ContentSecurityPolicyMiddleware

    def plain(request):
        return HttpResponse("plain")

    @csp_update({"img-src": ["https://images.example.org"]})
    def updated(request):
        return HttpResponse("updated")

    @csp_exempt()
    def exempt(request):
        return HttpResponse("exempt")

    def with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    def through_middleware(view):
        request = rf.get("/en/")
        return ContentSecurityPolicyMiddleware(view)(request)

    assert "https://images.example.org" not in through_middleware(plain)["Content-Security-Policy"]
    assert "https://images.example.org" in through_middleware(updated)["Content-Security-Policy"]
    assert "Content-Security-Policy" not in through_middleware(exempt)
    response = through_middleware(with_nonce)
    nonce = response.content.decode().split('"')[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
