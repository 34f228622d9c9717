"""Redirects from a rules table, answered at the edge before the cache.

Rules are checked in order against the request's "uri" (the path, without the query string);
the first match answers with its status and a Location header. Everything else goes on to the
cache unchanged. The table is compiled once per container (cold start), not per request.
"""

import re

# match: "exact" (the whole path), "prefix" (the rest of the path is appended to "to"), or
# "wildcard" ("*" matches any run of characters, reused as $1, $2... in "to").
# status: 301/308 permanent, 302/307 temporary (307/308 keep the method). query: keep or drop.
RULES = [
    {"match": "exact", "from": "/about-us", "to": "/about", "status": 301},
    {"match": "prefix", "from": "/docs/v1/", "to": "/docs/", "status": 308},
    {"match": "wildcard", "from": "/blog/*/amp", "to": "https://blog.example.com/$1", "status": 301, "query": "drop"},
    {"match": "exact", "from": "/checkout", "to": "/cart/checkout", "status": 307},
]

DESCRIPTIONS = {301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect", 308: "Permanent Redirect"}


def _append_path(to, rest):
    """`to` with `rest` added to its path, before any query string `to` has of its own."""
    path, mark, query = to.partition("?")
    return path + rest + mark + query


def compile_rule(rule, index):
    where = 'Redirect rule #%d (%r)' % (index + 1, rule.get("from"))
    source, target = rule.get("from", ""), rule.get("to", "")
    if not source.startswith("/"):
        raise ValueError(where + ': "from" must start with "/".')
    if not re.match(r"^(/|https?://)", target):
        raise ValueError(where + ': "to" must be a path starting with "/" or an http(s) URL.')
    status = rule.get("status", 301)
    if status not in DESCRIPTIONS:
        raise ValueError(where + ": status must be 301, 302, 307 or 308.")
    keep_query = rule.get("query", "keep") == "keep"
    match = rule.get("match")
    if match == "exact":
        find = lambda path: target if path == source else None  # noqa: E731
    elif match == "prefix":
        find = lambda path: _append_path(target, path[len(source):]) if path.startswith(source) else None  # noqa: E731
    elif match == "wildcard":
        pattern = re.compile("^" + "(.*)".join(re.escape(part) for part in source.split("*")) + "$")
        groups = source.count("*")
        used = [int(n) for n in re.findall(r"\$(\d)", target)]
        if used and max(used) > groups:
            raise ValueError(where + ': "to" uses $%d but "from" has %d "*".' % (max(used), groups))

        def find(path):
            found = pattern.match(path)
            if not found:
                return None
            return re.sub(r"\$(\d)", lambda m: found.group(int(m.group(1))) or "", target)
    else:
        raise ValueError(where + ': match must be "exact", "prefix" or "wildcard".')
    return find, status, keep_query


COMPILED = [compile_rule(rule, index) for index, rule in enumerate(RULES)]


def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    for find, status, keep_query in COMPILED:
        location = find(request["uri"])
        if location is None:
            continue
        if keep_query and request.get("querystring"):
            location += ("&" if "?" in location else "?") + request["querystring"]
        return {
            "status": str(status),
            "statusDescription": DESCRIPTIONS[status],
            "headers": {
                "location": [{"key": "Location", "value": location}],
                "cache-control": [{"key": "Cache-Control", "value": "max-age=3600"}],
            },
        }
    return request
