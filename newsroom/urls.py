from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "newsroom"

urlpatterns = [
    path(_("news/"), views.release_list, name="list"),
    path(_("news/<slug:slug>/"), views.release_detail, name="detail"),
    path(_("media-contacts/"), views.media_contacts, name="media_contacts"),
    path(_("media-contacts/<slug:slug>.vcf"), views.contact_vcard, name="contact_vcard"),
]
