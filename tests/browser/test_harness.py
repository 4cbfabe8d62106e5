"""The browser harness itself: its checks must be able to fail."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, watch_for_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_helper_reports_a_violation(page):
    """assert_no_axe_violations fails, naming the rule, when the page has a violation."""
    page.goto("/en/")
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    with pytest.raises(pytest.fail.Exception, match="button-name"):
        assert_no_axe_violations(page)


def test_inline_script_is_reported_as_a_csp_violation(context):
    """The site's CSP refuses an inline script and the page watcher reports it."""
    tab = context.new_page()
    problems = watch_for_problems(tab)
    tab.goto("/en/")
    # Waits for the browser's report of the refusal, not for a fixed time.
    with tab.expect_console_message(lambda message: "Content Security Policy" in message.text):
        tab.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.head.append(s); }"
        )
    assert not tab.evaluate("window.injected === true")
    assert any(problem.startswith("CSP:") for problem in problems)
    tab.close()
