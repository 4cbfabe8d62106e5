# Varnish in front of iom_site (Debian 12: varnish 7.1 and varnish-modules for xkey).
#
# Keeps what the app says may be shared, under the cache tags the app names, and drops pages
# by tag when the app asks (core.front_caches, docs/caching.md):
# - cached: anonymous GET/HEAD of responses that carry an `xkey` header (the app sends it, with
#   `Cache-Control: s-maxage=N`, only on pages the same for every anonymous visitor); kept N
#   seconds at most (never past the next scheduled publication) and until a purge of a tag;
# - passed: the admin, staff previews, journalists' embargo links, any request with a session
#   cookie or credentials, and other methods; a response with Set-Cookie is never stored;
# - `PURGE` with an `xkey-purge: tag1 tag2` header, from the addresses in `purgers` only,
#   drops every page carrying one of the tags.
# The `xkey` header is removed before a response leaves for the visitor.
#
# Run: varnishd -a :80 -f /etc/varnish/iom_site.vcl -s malloc,1G; the app then needs
# DJANGO_FRONT_CACHES=http://127.0.0.1:80 (and gunicorn's address below).

vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app's servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Missing xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.url ~ "/preview/" || req.url ~ "/embargo/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Public pages read no cookie of an anonymous visitor (a CSRF token, a language choice):
    # without this every visitor with one would miss.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (!beresp.http.xkey || beresp.http.Set-Cookie) {
        # Not for sharing: remember for a moment not to wait for other requests of it.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # A page expires exactly at its s-maxage (the next scheduled publication): no stale copy.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
