"""Headers shared by every page that is not for the public: staff previews and the
journalists' embargo links."""


def keep_private(response):
    """Out of search engines and every cache; and the address, which is the key, goes to no
    other site as a Referer."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
