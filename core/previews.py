"""Staff previews: any publishable object, whatever its status or time, as its public page will
show it, for those the publishing rule lets see it (`publishing.may_preview`), out of search
engines and every cache."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.urls import reverse

from .publishing import may_preview
from .responses import keep_private


def staff_preview(model):
    """Decorates the preview view of `model`'s objects: a visitor without a session is asked
    to log in, an account that may not preview gets a 404 (nothing says the object exists)."""

    def decorator(view):
        @wraps(view)
        def preview(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not may_preview(request.user, model):
                raise Http404
            return keep_private(view(request, *args, **kwargs))

        return preview

    return decorator


def private_file(request, name):
    """A file of the private storage (core.media_storage) for a logged-in staff member: the
    admin's link to a release's original. Wrapped by the admin site's `admin_view` (staff
    only) in the URLconf."""
    storage = storages["private"]
    try:
        stream = storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    return keep_private(FileResponse(stream))
