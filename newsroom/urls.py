from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "newsroom"

urlpatterns = [
    path(_("news/"), views.release_list, name="list"),
    # Built on the translated "news/" so the preview needs no path of its own to translate.
    path(format_lazy("{}preview/<int:pk>/", _("news/")), views.release_preview, name="preview"),
    path(_("news/<slug:slug>/"), views.release_detail, name="detail"),
    path(_("media-contacts/"), views.media_contacts, name="media_contacts"),
    path(_("media-contacts/<slug:slug>.vcf"), views.contact_vcard, name="contact_vcard"),
]
