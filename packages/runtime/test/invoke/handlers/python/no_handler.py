def main(event, context):
    return event["Records"][0]["cf"]["request"]
