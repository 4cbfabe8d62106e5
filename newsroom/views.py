from django.http import Http404


def release_list(request):
    raise Http404


def release_detail(request, slug):
    raise Http404


def media_contacts(request):
    raise Http404


def contact_vcard(request, slug):
    raise Http404
