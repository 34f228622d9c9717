def lookup(headers):
    return headers["authorization"][0]["value"]


def handler(event, context):
    return {"status": "200", "body": lookup(event["Records"][0]["cf"]["request"]["headers"])}
