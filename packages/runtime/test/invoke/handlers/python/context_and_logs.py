"""Answers with its context fields and writes to print, logging and stderr."""

import json
import logging
import sys
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)
print("init line")


def handler(event, context):
    before = context.get_remaining_time_in_millis()
    time.sleep(0.05)
    after = context.get_remaining_time_in_millis()
    print("printed", 42)
    logger.info("logged info")
    logger.warning("logged warning")
    print("to stderr", file=sys.stderr)
    fields = {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "remaining": [before, after],
    }
    return {
        "status": "200",
        "headers": {"content-type": [{"key": "Content-Type", "value": "application/json"}]},
        "body": json.dumps(fields),
    }
