from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import feeds, press_views, views

app_name = "newsroom"


def news_path(route):
    """A route under the translated "news/": /fr/actualites/feed/rss/."""
    return format_lazy("{}{}", _("news/"), route)


def feed_paths(route, feed_class, name):
    """The RSS (`<name>_rss`) and Atom (`<name>_atom`) versions of one feed."""
    return [
        path(news_path(f"feed/{route}rss/"), feed_class(), name=f"{name}_rss"),
        path(news_path(f"feed/{route}atom/"), feeds.atom(feed_class)(), name=f"{name}_atom"),
    ]


urlpatterns = [
    path(_("news/"), views.release_list, name="list"),
    # Second: the most read page; no other route here is one segment after "news/".
    path(_("news/<slug:slug>/"), views.release_detail, name="detail"),
    # Built on the translated "news/" so the preview needs no path of its own to translate.
    path(news_path("preview/<int:pk>/"), views.release_preview, name="preview"),
    path(news_path("embargo/<str:token>/"), views.embargoed_release, name="embargo"),
    # The same downloads through a journalist's link, while the release is under embargo.
    path(news_path("embargo/<str:token>/<str:lang>.pdf"), press_views.embargo_pdf,
         name="embargo_pdf"),
    path(news_path("embargo/<str:token>/press-kit.zip"), press_views.embargo_kit,
         name="embargo_kit"),
    path(news_path("embargo/<str:token>/original-image/"), press_views.embargo_image,
         name="embargo_image"),
    *feed_paths("", feeds.ReleaseFeed, "feed"),
    *feed_paths("theme/<slug:slug>/", feeds.ThemeFeed, "theme_feed"),
    *feed_paths("country/<str:code>/", feeds.CountryFeed, "country_feed"),
    *feed_paths("kind/<slug:kind>/", feeds.KindFeed, "kind_feed"),
    # The journalists' downloads (newsroom.press_views); the PDF's language is its own, not
    # the address's prefix, so that a page can link to every language's PDF.
    path(news_path("<slug:slug>/<str:lang>.pdf"), press_views.release_pdf, name="release_pdf"),
    path(news_path("<slug:slug>/press-kit.zip"), press_views.press_kit, name="press_kit"),
    path(news_path("<slug:slug>/original-image/"), press_views.press_image,
         name="press_image"),
    path(_("media-contacts/"), views.media_contacts, name="media_contacts"),
    path(_("media-contacts/<slug:slug>.vcf"), views.contact_vcard, name="contact_vcard"),
]
