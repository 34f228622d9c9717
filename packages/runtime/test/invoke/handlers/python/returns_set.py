def handler(event, context):
    return {"status": "200", "tags": {"a", "b"}}
