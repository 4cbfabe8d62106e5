from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from core.previews import private_file
from iom_site import lite, oembed, views
from iom_site.sitemaps import SITEMAPS, kept_until_content_changes
from newsroom.admin_translation import translation_dashboard, translation_import

# The public pages first: they are most of the traffic, and every pattern tried before the
# right one costs each request a little. Nothing else starts with a language prefix.
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    # The light edition (iom_site.lite): before organisation's catch-all for page slugs.
    path("lite/", include((lite.urlpatterns, "lite"))),
    # Partners' CMSs ask it for a card of a release from its address (iom_site.oembed); under
    # a language like every public answer (the card is in the address's language).
    path("oembed/", oembed.oembed, name="oembed"),
    # The newsroom first: organisation ends with a catch-all for institutional page slugs.
    path("", include("newsroom.urls")),
    path("", include("alerts.urls")),
    path("", include("organisation.urls")),
    prefix_default_language=True,
)

urlpatterns += [
    # Before admin.site.urls, whose catch-all would answer 404 for it.
    path(
        "admin/translations/",
        admin.site.admin_view(translation_dashboard),
        name="translation_report",
    ),
    path(
        "admin/translations/import/",
        admin.site.admin_view(translation_import),
        name="translation_import",
    ),
    # The private storage's files (a release's original), for staff (core.media_storage).
    path(
        "admin/private-media/<path:name>",
        admin.site.admin_view(private_file),
        name="private_media",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.root_redirect, name="root"),
    # Outside the language prefixes: crawlers look for these at the root.
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        kept_until_content_changes(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        kept_until_content_changes(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# A database failure outside any view answers 503 too (core.unavailable).
handler500 = "core.unavailable.server_error"
