"""The Content-Security-Policy (django-csp), with the one exception the admin needs.

Public pages allow no inline style at all (settings.CONTENT_SECURITY_POLICY). The admin's
rich-text editor and Django's admin widgets set inline styles, so responses under the admin's
prefix add 'unsafe-inline' to style-src; scripts stay under the nonce everywhere.

A public page that used no nonce and carries no policy of its own (django-csp's decorators)
gets the policy of the settings, built once per process rather than for every response:
building it took a tenth of a kept page's time.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse

ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}
# Set on a response by django-csp's decorators (csp, csp_update, csp_replace, csp_exempt).
_VIEW_POLICY_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
# What is built from the settings once, until they change (tests): {report_only: header
# value}, and "excluded": the URL prefixes that get no policy.
_from_settings = {}


def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _from_settings.clear()


setting_changed.connect(_forget_policies)


def _settings_policy(report_only):
    if report_only not in _from_settings:
        _from_settings[report_only] = build_policy(report_only=report_only)
    return _from_settings[report_only]


def _excluded_prefixes():
    if "excluded" not in _from_settings:
        _from_settings["excluded"] = tuple(
            prefix
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
            for prefix in (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        )
    return _from_settings["excluded"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    admin_prefix = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(self._admin_prefix()):
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        return parts

    def _admin_prefix(self):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return self.admin_prefix

    def process_response(self, request, response):
        plain = (
            not settings.DEBUG
            and getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in _VIEW_POLICY_ATTRIBUTES)
            and HEADER not in response
            and HEADER_REPORT_ONLY not in response
            and not request.path_info.startswith((self._admin_prefix(), *_excluded_prefixes()))
        )
        if not plain:
            return super().process_response(request, response)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = _settings_policy(report_only)
            if policy:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
