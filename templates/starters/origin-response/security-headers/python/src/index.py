"""Security headers on every origin response, before CloudFront caches it.

origin-response runs for every origin status (errors included) and its result is what the
cache stores, so the headers are added once per cache fill. Edit POLICY; the header lines are
computed once per container (cold start).
"""

POLICY = {
    # Browsers use HTTPS only for this long (RFC 6797). Start small; 2 years once sure.
    "strict_transport_security": {"max_age_seconds": 31536000, "include_subdomains": True, "preload": False},
    # One entry per directive; sources are joined with spaces.
    "content_security_policy": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
    "content_type_options": True,
    # For browsers that predate CSP frame-ancestors. None leaves it out.
    "frame_options": "DENY",
    "referrer_policy": "strict-origin-when-cross-origin",
    # False: a header the origin already sent wins. True: this policy wins.
    "override": False,
}


def header_lines(policy):
    """(name, key, value) for each header the policy asks for; raises with the field to fix."""
    lines = []
    hsts = policy.get("strict_transport_security")
    if hsts:
        max_age = hsts.get("max_age_seconds")
        if not isinstance(max_age, int) or max_age < 0:
            raise ValueError("strict_transport_security.max_age_seconds must be a whole number of seconds >= 0.")
        if hsts.get("preload") and (not hsts.get("include_subdomains") or max_age < 31536000):
            raise ValueError("strict_transport_security.preload needs include_subdomains and max_age_seconds >= 31536000.")
        parts = ["max-age=%d" % max_age]
        if hsts.get("include_subdomains"):
            parts.append("includeSubDomains")
        if hsts.get("preload"):
            parts.append("preload")
        lines.append(("strict-transport-security", "Strict-Transport-Security", "; ".join(parts)))
    csp = policy.get("content_security_policy")
    if csp:
        directives = []
        for directive, sources in csp.items():
            if any(c in source for source in sources for c in ";, "):
                raise ValueError('content_security_policy["%s"]: give each source as its own item.' % directive)
            directives.append(" ".join([directive] + list(sources)))
        lines.append(("content-security-policy", "Content-Security-Policy", "; ".join(directives)))
    if policy.get("content_type_options"):
        lines.append(("x-content-type-options", "X-Content-Type-Options", "nosniff"))
    if policy.get("frame_options"):
        lines.append(("x-frame-options", "X-Frame-Options", policy["frame_options"]))
    if policy.get("referrer_policy"):
        lines.append(("referrer-policy", "Referrer-Policy", policy["referrer_policy"]))
    return lines


LINES = header_lines(POLICY)


def handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    headers = response["headers"]
    for name, key, value in LINES:
        if headers.get(name) and not POLICY.get("override"):
            continue
        headers[name] = [{"key": key, "value": value}]
    # No "body": CloudFront keeps the origin's body.
    return response
