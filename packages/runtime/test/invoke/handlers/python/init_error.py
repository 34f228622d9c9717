import json

SETTINGS = json.loads("{not json")


def handler(event, context):
    return event["Records"][0]["cf"]["request"]
