"""An origin-request function: runs when CloudFront is about to ask the origin (cache misses).

Return the request to forward it; request["origin"] may be changed to send it elsewhere. A
response returned here is cached like an origin's answer, and origin-response does not run for
it. CloudFront-Viewer-Country and the CloudFront-Is-*-Viewer headers are readable here when the
cache or origin request policy forwards them.
"""


def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    return request
