"""An origin-response function: runs on the origin's answer, for every status, before caching.

What this returns is what the cache stores. The body is not exposed; leaving "body" out passes
the origin's body through, setting it replaces it.
"""


def handler(event, context):
    response = event["Records"][0]["cf"]["response"]
    return response
