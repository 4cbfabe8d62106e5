# Varnish in front of iom_site (Debian 12: varnish 7.1 and varnish-modules for xkey).
#
# Keeps what the app says may be shared, under the cache tags the app names, and drops pages
# by tag when the app asks (core.front_caches, docs/caching.md):
# - cached: anonymous GET/HEAD of responses that carry an `xkey` header (the app sends it, with
#   `Cache-Control: s-maxage=N`, only on pages the same for every anonymous visitor); kept N
#   seconds at most (never past the next scheduled publication) and until a purge of a tag;
#   the scheme the visitor used (X-Forwarded-Proto, set by nginx) is part of the key, so a page
#   rendered for HTTPS is never served to a plain-HTTP request, which gets the app's redirect;
# - passed: the admin, staff previews, journalists' embargo links, any request with a session
#   cookie or credentials, and other methods; a response with Set-Cookie is never stored;
# - `PURGE` with an `xkey-purge: tag1 tag2` header drops every page carrying one of the tags,
#   but only on the listener named `purge`, and from the addresses in `purgers`. Behind nginx
#   every visitor reaches Varnish from 127.0.0.1, so the address alone proves nothing: what a
#   client cannot choose is the listener, and nginx only ever connects to the `public` one.
# The `xkey` header is removed before a response leaves for the visitor.
#
# Run it behind nginx (deploy/nginx.conf, which ends TLS and proxies to the public listener),
# both listeners on the loopback, never reachable from outside:
#
#   varnishd -a public=127.0.0.1:6081 -a purge=127.0.0.1:6091 \
#            -f /etc/varnish/iom_site.vcl -s malloc,1G
#
# and the app with DJANGO_FRONT_CACHES=http://127.0.0.1:6091 (the purge listener, never the
# public one) and DJANGO_TRUSTED_PROXIES=2 (nginx and Varnish each append to X-Forwarded-For).
# gunicorn serves the backend below (gunicorn.conf.py). With app servers on other hosts, bind
# the purge listener to a private address they reach and list them in `purgers`.

vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge, on the purge listener: the app's servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Missing xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (local.socket == "purge") {
        # The purge listener answers PURGE only: a proxy pointed at it by mistake fails at
        # once instead of quietly letting its visitors purge.
        return (synth(405, "Only PURGE here"));
    }
    # Two schemes, two keys (vcl_hash): any other value is no scheme at all, so a client
    # talking to this listener directly cannot split the cache into endless variants.
    if (req.http.X-Forwarded-Proto != "https") {
        unset req.http.X-Forwarded-Proto;
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

sub vcl_hash {
    # The app answers a plain-HTTP request with a redirect to HTTPS (DJANGO_HTTPS) and an HTTPS
    # one with the page: they must not share a cache entry. Varnish's own vcl_hash then adds
    # the URL and the host.
    hash_data(req.http.X-Forwarded-Proto);
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
