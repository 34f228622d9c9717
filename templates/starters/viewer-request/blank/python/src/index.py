"""A viewer-request function: runs on every viewer request, before CloudFront looks in its cache.

Return the request to let it through: changes to "uri", "querystring" and "headers" feed the
cache key. Return a response ({"status": "302", "headers": {...}}) to answer the viewer without
the cache or the origin; such a response is not cached and viewer-response does not run for it.
Host, Via, Content-Length, Transfer-Encoding and CDN-Loop are read-only here.
"""


def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    return request
