"""The Content-Security-Policy (django-csp), with the one exception the admin needs.

Public pages allow no inline style at all (settings.CONTENT_SECURITY_POLICY). The admin's
rich-text editor and Django's admin widgets set inline styles, so responses under the admin's
prefix add 'unsafe-inline' to style-src; scripts stay under the nonce everywhere. Added through
`get_policy_parts`, the hook django-csp documents for this.
"""

from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}


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
