from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "organisation"

urlpatterns = [
    path(_("structure/"), views.structure, name="structure"),
    path(_("structure/<slug:slug>/"), views.unit, name="unit"),
    path(_("people/<slug:slug>/"), views.person, name="person"),
    path(_("where-we-work/"), views.where_we_work, name="where_we_work"),
    path("<slug:slug>/", views.page, name="page"),
]
