from django.http import Http404


def structure(request):
    raise Http404


def unit(request, slug):
    raise Http404


def person(request, slug):
    raise Http404


def where_we_work(request):
    raise Http404


def page(request, slug):
    raise Http404
