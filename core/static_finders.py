"""Static files taken from Python packages rather than copied into the project."""

import os

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class JQueryUIFinder(BaseFinder):
    """jQuery UI's script from the xstatic-jquery-ui package, for modeltranslation's admin tabs
    (served from the site, never a CDN). Only that file: the package's stylesheets point at
    images it does not ship, which fails collectstatic's manifest, and its 25 themes are unused.
    """

    prefix = "xstatic/jquery-ui"
    filename = "jquery-ui.min.js"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = self.prefix

    def find(self, path, find_all=False, **kwargs):
        if path == f"{self.prefix}/{self.filename}":
            match = os.path.join(xstatic.pkg.jquery_ui.BASE_DIR, self.filename)
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        yield self.filename, self.storage
