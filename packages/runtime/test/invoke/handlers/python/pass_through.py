"""Forwards the request (request events) or the response (response events)."""


def handler(event, context):
    cf = event["Records"][0]["cf"]
    return cf.get("response") or cf["request"]
