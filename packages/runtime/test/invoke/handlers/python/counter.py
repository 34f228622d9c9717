"""Module state survives between invocations of a warm container."""

invocations = 0


def handler(event, context):
    global invocations
    invocations += 1
    request = event["Records"][0]["cf"]["request"]
    request["headers"]["x-invocations"] = [{"key": "X-Invocations", "value": str(invocations)}]
    return request
