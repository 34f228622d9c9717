import time


def handler(event, context):
    time.sleep(10)
    return event["Records"][0]["cf"]["request"]
