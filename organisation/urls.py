from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "organisation"

urlpatterns = [
    path(_("structure/"), views.structure, name="structure"),
    path(_("structure/<slug:slug>/"), views.unit, name="unit"),
    path(_("people/<slug:slug>/"), views.person, name="person"),
    path(_("where-we-work/"), views.where_we_work, name="where_we_work"),
    # Staff only, never translated: two segments, so no page slug can shadow it.
    path("preview/page/<int:pk>/", views.page_preview, name="page_preview"),
    path("<slug:slug>/", views.page, name="page"),
]
