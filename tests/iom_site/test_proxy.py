"""Behind a proxy: whose address a request has (DJANGO_TRUSTED_PROXIES), login lockouts per
username and address, and which URLs take a request body at all."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_published_release
from tests.html import element, text_of

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


def fail(client, username, times, **headers):
    for _ in range(times):
        response = client.post(
            LOGIN, {"username": username, "password": "wrong"}, **headers
        )
    return response


def log_in(client, **headers):
    return client.post(LOGIN, {"username": "editor", "password": PASSWORD}, **headers)


def recorded_addresses():
    return set(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_forwarded_for_is_ignored_without_trusted_proxies(client, editor, settings):
    """With DJANGO_TRUSTED_PROXIES=0 a spoofed X-Forwarded-For changes nothing: the peer counts."""
    settings.TRUSTED_PROXIES = 0
    fail(client, "editor", 1, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert recorded_addresses() == {"198.51.100.7"}


def test_spoofed_forwarded_for_does_not_escape_a_lockout(client, editor, settings):
    """Without trusted proxies, a new X-Forwarded-For on every try still gets locked out."""
    settings.TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = fail(client, "editor", 1, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert response.status_code == 429


def test_one_trusted_proxy_gives_the_right_most_forwarded_address(client, editor, settings):
    """Behind one proxy the client is the address the proxy appended, not what the client sent."""
    settings.TRUSTED_PROXIES = 1
    fail(
        client, "editor", 1,
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7",
    )
    assert recorded_addresses() == {"198.51.100.7"}


def test_two_trusted_proxies_skip_the_inner_proxy(client, editor, settings):
    """Behind two proxies the second address from the right is the client's."""
    settings.TRUSTED_PROXIES = 2
    fail(
        client, "editor", 1,
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2",
    )
    assert recorded_addresses() == {"198.51.100.7"}


def test_missing_forwarded_for_behind_a_proxy_falls_back_to_the_peer(client, editor, settings):
    """A request that did not come through the proxy is known by its peer address."""
    settings.TRUSTED_PROXIES = 1
    fail(client, "editor", 1, REMOTE_ADDR="192.0.2.10")
    assert recorded_addresses() == {"192.0.2.10"}


def test_junk_forwarded_address_falls_back_to_the_peer(client, editor, settings):
    """An X-Forwarded-For entry that is not an address never becomes one."""
    settings.TRUSTED_PROXIES = 1
    fail(client, "editor", 1, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="<script>")
    assert recorded_addresses() == {"192.0.2.10"}


def test_lockout_behind_the_proxy_spares_other_visitors(client, editor, settings):
    """Failures from one address behind the proxy do not lock out the editor elsewhere."""
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = fail(
        client, "editor", settings.AXES_FAILURE_LIMIT,
        HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy,
    )
    assert attacker.status_code == 429
    response = log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302


def test_failures_at_many_names_do_not_lock_out_an_editor(client, editor, settings):
    """Guessing at other usernames from the editor's own address does not lock the editor."""
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        fail(client, f"someone{n}", 1, REMOTE_ADDR="198.51.100.7")
    assert log_in(client, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_password_spraying_from_one_address_is_locked_out(client, editor, settings):
    """One failure at each of many usernames from one address: after
    LOGIN_FAILURES_PER_ADDRESS of them the address is locked out, even at the right password,
    while the editor still logs in from elsewhere."""
    spraying = {"REMOTE_ADDR": "203.0.113.66"}
    answers = [fail(client, f"someone{n}", 1, **spraying).status_code
               for n in range(settings.LOGIN_FAILURES_PER_ADDRESS + 5)]
    assert answers[:settings.LOGIN_FAILURES_PER_ADDRESS - 1] == [200] * (
        settings.LOGIN_FAILURES_PER_ADDRESS - 1)
    assert set(answers[settings.LOGIN_FAILURES_PER_ADDRESS:]) == {429}
    assert log_in(client, **spraying).status_code == 429
    assert log_in(client, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_stranger_cannot_lock_out_a_named_editor(client, editor, settings):
    """A stranger's failures at the editor's name leave the editor's own address free."""
    fail(client, "editor", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.66")
    assert log_in(client, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_successful_login_resets_the_failure_count(client, editor, settings):
    """Failures before a successful login no longer count towards a lockout."""
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client).status_code == 302
    client.logout()
    response = fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/", "/fr/actualites/", "/en/news/feed/rss/", "/sitemap.xml", "/robots.txt"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_urls_refuse_bodies(client, url, method):
    """Public pages, feeds and the sitemap answer 405 to a method that carries a body."""
    response = getattr(client, method)(url, "x=1", content_type="text/plain")
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_public_post_is_refused_before_its_body_is_read(client):
    """A 40 MB POST announced to a release page is refused without reading a byte of it."""
    release = make_published_release()
    # The test client's input holds no bytes: reading the announced body would fail loudly.
    response = client.generic(
        "POST", release.get_absolute_url(), b"", CONTENT_LENGTH=str(40 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x",
    )
    assert response.status_code == 405


@pytest.mark.django_db
def test_language_form_still_accepts_a_post(client):
    """Django's language form (/i18n/setlang/) still takes its small POST."""
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/fr/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_admin_refuses_a_body_over_the_limit_before_reading_it(client):
    """An admin POST announcing more than MAX_REQUEST_BODY gets 413 without being read."""
    response = client.generic(
        "POST", LOGIN, b"", CONTENT_LENGTH=str(200 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_large_upload_to_the_admin_gets_a_clear_page(admin_client, settings):
    """An upload over the limit gets a page saying it is too large and what the limit is."""
    settings.MAX_REQUEST_BODY = 1024 * 1024
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (2 * 1024 * 1024), "image/jpeg")
    response = admin_client.post("/admin/newsroom/newsrelease/add/", {"image": upload})
    assert response.status_code == 413
    assert "larger than the 1 MB" in text_of(response)


@pytest.mark.django_db
def test_admin_accepts_a_body_under_the_limit(client, editor):
    """A login post under the limit goes through as before."""
    assert log_in(client).status_code == 302


def test_a_successful_login_does_not_reset_an_addresss_failures(client, editor, settings):
    """A sprayer with one valid account of its own: logging in with it between guesses leaves
    the address's failures counted, so the address is still locked out at the limit."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    spraying = {"REMOTE_ADDR": "203.0.113.66"}
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS - 1):
        assert fail(client, f"someone{n}", 1, **spraying).status_code == 200
    assert log_in(client, **spraying).status_code == 302
    client.logout()
    answers = [fail(client, f"other{n}", 1, **spraying).status_code for n in range(2)]
    assert answers[-1] == 429
    assert log_in(client, **spraying).status_code == 429


@pytest.mark.django_db
def test_a_large_upload_in_the_admin_answers_in_the_admins_layout_with_a_way_back(
    admin_client, settings
):
    """Issue 20: the 26 MB upload got a bare page outside the admin and no way back."""
    settings.MAX_REQUEST_BODY = 1024 * 1024
    form = "/admin/newsroom/newsrelease/add/"
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (2 * 1024 * 1024), "image/jpeg")
    response = admin_client.post(form, {"image": upload}, HTTP_REFERER=f"http://testserver{form}")
    assert response.status_code == 413
    assert "larger than the 1 MB" in text_of(response)
    assert element(response, "header", id="header")  # the admin's own header
    assert element(response, "a", text="Back to the form").attrs["href"] == (
        f"http://testserver{form}"
    )


@pytest.mark.django_db
def test_the_way_back_never_leads_off_the_site(client, settings):
    settings.MAX_REQUEST_BODY = 10
    response = client.post(
        LOGIN, {"username": "x" * 50}, HTTP_REFERER="https://evil.example/phish"
    )
    assert response.status_code == 413
    assert element(response, "a", text="Back to the form").attrs["href"] == LOGIN


@pytest.mark.django_db
def test_the_page_the_proxy_asks_for_after_refusing_a_body(client, settings):
    """nginx refuses an oversized body unread and asks the app for the page that says so
    (deploy/nginx.conf: a GET with X-Request-Too-Large): in the admin, its layout."""
    settings.MAX_REQUEST_BODY = 1024 * 1024
    response = client.get("/admin/newsroom/newsrelease/add/", HTTP_X_REQUEST_TOO_LARGE="1")
    assert response.status_code == 413
    assert element(response, "header", id="header")
    assert "1 MB" in text_of(response)
    assert element(response, "a", text="Back to the form")
