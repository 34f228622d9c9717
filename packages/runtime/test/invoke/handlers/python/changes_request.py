# An origin-response handler that changes the read-only request when the viewer asks for it
# (?change=1), and otherwise only adds a response header.
def handler(event, context):
    cf = event["Records"][0]["cf"]
    if cf["request"]["querystring"] == "change=1":
        cf["request"]["uri"] = "/elsewhere"
    cf["response"]["headers"]["x-seen"] = [{"key": "X-Seen", "value": "yes"}]
    return cf["response"]
